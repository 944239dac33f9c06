// The fixture of cartctl's end-to-end suites: a cartd process with the demo data on a port the OS
// picks, a development token of the demo partner, and cartctl run against them.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "partnercenter/json.h"
#include "tests/testing/cartd_process.h"

namespace partnercenter::cartctl_test {

using cartd::test::CartdProcess;
using cartd::test::RunResult;
using cartd::test::RunToCompletion;

inline constexpr char kPartnerTenant[] = "9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
inline constexpr char kUser[] = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc";
inline constexpr char kCustomer[] = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d";

class CartctlFixture : public ::testing::Test {
 protected:
  // Starts `cartd serve --demo` with `serve_flags` added, and mints the token. Call from SetUp.
  void StartCartd(const std::vector<std::string>& serve_flags) {
    const std::string data_dir = (dir_.path() / "data").string();
    std::vector<std::string> args = {"serve",       "--demo",     "--listen",
                                     "127.0.0.1:0", "--data-dir", data_dir};
    args.insert(args.end(), serve_flags.begin(), serve_flags.end());
    cartd_ = std::make_unique<CartdProcess>(
        CARTD_BINARY, args, std::map<std::string, std::string>{}, dir_.path() / "cartd.log");
    ASSERT_TRUE(cartd_->started());
    const std::optional<std::uint16_t> port = cartd_->WaitUntilListening();
    ASSERT_TRUE(port.has_value()) << cartd_->Log();
    base_url_ = "http://127.0.0.1:" + std::to_string(*port);

    const RunResult token = RunToCompletion(
        CARTD_BINARY,
        {"token", "--data-dir", data_dir, "--tenant", kPartnerTenant, "--user", kUser});
    ASSERT_EQ(token.exit_code, 0) << token.err;
    token_ = token.out.substr(0, token.out.find_last_not_of("\r\n") + 1);
    ASSERT_FALSE(token_.empty());
  }

  void TearDown() override { cartd_.reset(); }

  // Runs cartctl with the server, token and customer first, then `args`. The CARTCTL_ variables
  // of the environment running the test are dropped (see ChildEnvironment).
  RunResult Cartctl(std::vector<std::string> args) {
    std::vector<std::string> argv = {"--base-url", base_url_,    "--token",
                                     token_,       "--customer", kCustomer};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunToCompletion(CARTCTL_BINARY, argv);
  }

  // Runs cartctl with `--output json` and decodes its output with `parse`.
  template <typename T>
  T JsonOf(std::vector<std::string> args,
           Result<T> (*parse)(std::string_view, const ParseOptions&)) {
    args.insert(args.begin(), {"--output", "json"});
    const RunResult run = Cartctl(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, "");
    Result<T> value = parse(run.out, {});
    EXPECT_TRUE(value.ok()) << run.out;
    if (!value.ok()) return T{};
    // The output is the contract's JSON exactly: what the codec writes, and one newline.
    EXPECT_EQ(run.out, ToJson(*value) + "\n");
    return *value;
  }

  cartd::test::TempDir dir_;
  std::unique_ptr<CartdProcess> cartd_;
  std::string base_url_;
  std::string token_;
};

}  // namespace partnercenter::cartctl_test
