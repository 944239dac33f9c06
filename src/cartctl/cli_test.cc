#include "cartctl/cli.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <vector>

namespace cartctl {
namespace {

using partnercenter::Error;
using partnercenter::ErrorKind;

constexpr char kCustomer[] = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d";

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Options must come from the arguments of each test, not from the environment it runs in.
    for (const char* name :
         {"CARTCTL_BASE_URL", "CARTCTL_TOKEN", "CARTCTL_CUSTOMER", "CARTCTL_COUNTRY"}) {
      unsetenv(name);
    }
  }

  static Outcome RunWith(std::vector<std::string> args) {
    args.insert(args.begin(), "cartctl");
    std::vector<const char*> argv;
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    std::ostringstream out, err;
    const int code = cartctl::Run(static_cast<int>(argv.size()), argv.data(), out, err);
    return {code, out.str(), err.str()};
  }
};

// A loopback port nothing listens on: bound by the OS, then closed.
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);
  return ntohs(address.sin_port);
}

TEST(ExitCodeForTest, DistinguishesClientServerAndUsageErrors) {
  const auto code = [](ErrorKind kind, int status) {
    Error error;
    error.kind = kind;
    error.http_status = status;
    return ExitCodeFor(error);
  };
  EXPECT_EQ(code(ErrorKind::kHttp, 400), kExitClientError);
  EXPECT_EQ(code(ErrorKind::kHttp, 404), kExitClientError);
  EXPECT_EQ(code(ErrorKind::kHttp, 429), kExitClientError);
  EXPECT_EQ(code(ErrorKind::kHttp, 500), kExitServerError);
  EXPECT_EQ(code(ErrorKind::kHttp, 503), kExitServerError);
  EXPECT_EQ(code(ErrorKind::kNetwork, 0), kExitServerError);
  EXPECT_EQ(code(ErrorKind::kTimeout, 0), kExitServerError);
  EXPECT_EQ(code(ErrorKind::kInvalidResponse, 201), kExitServerError);
  EXPECT_EQ(code(ErrorKind::kInvalidJson, 0), kExitUsage);
  EXPECT_EQ(code(ErrorKind::kInvalidArgument, 0), kExitUsage);
  EXPECT_EQ(code(ErrorKind::kCredentials, 0), kExitUsage);
  EXPECT_EQ(kExitOk, 0);
  EXPECT_EQ(kExitUsage, 2);
  EXPECT_EQ(kExitClientError, 3);
  EXPECT_EQ(kExitServerError, 4);
}

TEST_F(CliTest, HelpExitsZero) {
  const Outcome outcome = RunWith({"--help"});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_NE(outcome.out.find("carts"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("orders"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("catalog"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("subscriptions"), std::string::npos) << outcome.out;
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"carts"},
      {"carts", "frobnicate"},
      {"carts", "get"},
      {"--output", "xml", "--customer", kCustomer, "--token", "t", "carts", "get", "x"},
      {"--customer", kCustomer, "--token", "t", "carts", "create"},
      {"--customer", kCustomer, "--token", "t", "carts", "create", "--item", "A,1,monthly",
       "--file", "cart.json"},
      {"--customer", kCustomer, "--token", "t", "carts", "update", "x"},
      {"--customer", kCustomer, "--token", "t", "orders"},
      {"--customer", kCustomer, "--token", "t", "orders", "status"},
      {"--customer", kCustomer, "--token", "t", "orders", "cancel"},
      {"--customer", kCustomer, "--token", "t", "subscriptions"},
      {"--customer", kCustomer, "--token", "t", "subscriptions", "get"},
      {"--customer", kCustomer, "--token", "t", "subscriptions", "list", "--order"},
      {"--token", "t", "subscriptions", "list"},
      {"--token", "t", "orders", "status", "o"},
      {"--token", "t", "catalog"},
      {"--token", "t", "catalog", "products", "--country", "US"},
      {"--token", "t", "catalog", "product", "--country", "US"},
      {"--token", "t", "catalog", "sku", "P", "--country", "US"},
      {"--token", "t", "catalog", "availability", "P", "S", "--country", "US"},
      {"--token", "t", "catalog", "skus", "P", "--country", "US", "--target-view", "Azure"},
  };
  for (const auto& args : cases) {
    const Outcome outcome = RunWith(args);
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    EXPECT_EQ(outcome.exit_code, kExitUsage) << joined << "\n" << outcome.err;
    EXPECT_FALSE(outcome.err.empty()) << joined;
    EXPECT_EQ(outcome.out, "") << joined;
  }
}

TEST_F(CliTest, CustomerAndTokenAreRequired) {
  Outcome outcome = RunWith({"--token", "t", "carts", "get", "x"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_EQ(outcome.err,
            "cartctl: a customer is required: --customer ID or CARTCTL_CUSTOMER\n"
            "Run with --help for more information.\n");
  outcome = RunWith({"--customer", kCustomer, "carts", "get", "x"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_EQ(outcome.err,
            "cartctl: a token is required: --token TOKEN or CARTCTL_TOKEN\n"
            "Run with --help for more information.\n");
}

TEST_F(CliTest, CatalogCommandsNeedACountryAndNoCustomer) {
  Outcome outcome = RunWith({"--token", "t", "catalog", "product", "P"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_EQ(outcome.err,
            "cartctl: a country is required: --country CC or CARTCTL_COUNTRY\n"
            "Run with --help for more information.\n");
  // No server: reaching the network proves that no customer was asked for and the country
  // came from the environment.
  const std::string base_url = "http://127.0.0.1:" + std::to_string(ClosedPort());
  setenv("CARTCTL_COUNTRY", "US", 1);
  outcome = RunWith({"--token", "t", "--base-url", base_url, "catalog", "sku", "P", "S"});
  unsetenv("CARTCTL_COUNTRY");
  EXPECT_EQ(outcome.exit_code, kExitServerError) << outcome.err;
  EXPECT_EQ(outcome.err.rfind("Cannot connect to " + base_url + ": ", 0), 0u) << outcome.err;
}

TEST_F(CliTest, GlobalOptionsMayFollowTheCommandAndComeFromTheEnvironment) {
  const std::string base_url = "http://127.0.0.1:" + std::to_string(ClosedPort());
  setenv("CARTCTL_TOKEN", "t", 1);
  setenv("CARTCTL_BASE_URL", base_url.c_str(), 1);
  // No server: reaching the network proves the options were taken.
  const Outcome outcome = RunWith({"carts", "get", "x", "--customer", kCustomer});
  EXPECT_EQ(outcome.exit_code, kExitServerError) << outcome.err;
  EXPECT_EQ(outcome.err.rfind("Cannot connect to " + base_url + ": ", 0), 0u) << outcome.err;
}

TEST_F(CliTest, BadItemSpecIsAUsageErrorBeforeAnythingIsSent) {
  const Outcome outcome =
      RunWith({"--customer", kCustomer, "--token", "t", "--base-url", "http://127.0.0.1:1", "carts",
               "create", "--item", "A:B:C,two,monthly"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_EQ(outcome.err,
            "cartctl: --item 'A:B:C,two,monthly': the quantity is not an integer\n"
            "Run with --help for more information.\n");
}

TEST_F(CliTest, UnreadableFileIsAUsageError) {
  const Outcome outcome =
      RunWith({"--customer", kCustomer, "--token", "t", "--base-url", "http://127.0.0.1:1", "carts",
               "create", "--file", "/nonexistent/cart.json"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_EQ(outcome.err, "/nonexistent/cart.json: cannot open the file\n");
}

TEST_F(CliTest, BadBaseUrlIsAUsageError) {
  const Outcome outcome = RunWith(
      {"--customer", kCustomer, "--token", "t", "--base-url", "127.0.0.1:8080", "orders", "list"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_EQ(outcome.err,
            "api_root must be an http:// or https:// URL with a host, without query or fragment: "
            "'127.0.0.1:8080'\n");
}

}  // namespace
}  // namespace cartctl
