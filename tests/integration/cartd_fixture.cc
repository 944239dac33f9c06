#include "tests/integration/cartd_fixture.h"

#include <stdlib.h>

#include <cstdlib>

#include "auth/token_minter.h"
#include "partnercenter/json.h"

namespace cartd::test {

Fault ReadFault(const HttpResult& r) {
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/json; charset=utf-8");
  const auto fault = partnercenter::ParseApiFault(r.body);
  EXPECT_TRUE(fault.ok()) << r.body;
  if (!fault.ok()) return {};
  EXPECT_EQ(fault->source, "PartnerFD");
  EXPECT_NE(r.body.find("\"data\":["), std::string::npos) << r.body;
  return Fault{fault->code, fault->description};
}

Timestamp FixtureStartTime() {
  using namespace std::chrono;
  return time_point_cast<Ticks>(sys_days{year{2026} / November / 20}) + hours(10) + Ticks(1234567);
}

CartdTest::CartdTest() : clock_(FixtureStartTime()) {}

CartdTest::~CartdTest() = default;

void CartdTest::SetUp() {
  std::string pattern = (std::filesystem::temp_directory_path() / "cartd-test-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  data_dir_ = pattern;
  RestartNode();
}

void CartdTest::TearDown() {
  StopNode();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

NodeOptions CartdTest::Options() {
  NodeOptions options;
  options.data_dir = data_dir_;
  options.demo = true;
  options.http.port = 0;
  options.http.io_threads = 2;
  options.http.worker_threads = 16;
  options.clock = &clock_;
  options.server_id = "TESTNODE";
  // The suites run once more on the in-memory store (tests/integration/CMakeLists.txt).
  if (const char* store = std::getenv("CARTD_TEST_STORE"); store != nullptr && *store != '\0') {
    options.store_url = store;
  }
  return options;
}

void CartdTest::RestartNode() {
  StopNode();
  StatusOr<std::unique_ptr<Node>> node = Node::Start(Options());
  ASSERT_TRUE(node.ok()) << node.status().ToString();
  node_ = std::move(*node);
  client_ = std::make_unique<HttpClient>(node_->port());
}

void CartdTest::StopNode() {
  client_.reset();
  if (node_) node_->Stop(std::chrono::seconds(5));
  node_.reset();
}

std::string CartdTest::Token(const std::string& partner, const std::string& user,
                             const std::string& app_id) {
  auth::MintOptions mint;
  mint.tenant = partner;
  if (app_id.empty()) {
    mint.user_object_id = user;
  } else {
    mint.app_id = app_id;
  }
  mint.now = clock_.Now();
  return auth::MintHs256Token(mint, node_->dev_signing_key());
}

HttpResult CartdTest::Call(const std::string& method, const std::string& target,
                           const std::string& body, const std::string& token,
                           const HeaderList& headers) {
  HeaderList all = headers;
  if (!token.empty()) all.emplace_back("Authorization", "Bearer " + token);
  if (!body.empty()) all.emplace_back("Content-Type", "application/json");
  return client_->Send(method, target, body, all);
}

std::string CartdTest::CartsPath(const std::string& customer) {
  return "/v1/customers/" + customer + "/carts";
}

std::string CartdTest::CartPath(const std::string& cart, const std::string& customer) {
  return CartsPath(customer) + "/" + cart;
}

}  // namespace cartd::test
