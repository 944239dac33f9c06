// A cartd node running in-process on a port the OS picks, on a fresh data directory, with a
// FakeClock, and helpers to call it with tokens of the demo partner or of another one.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "cartd/demo.h"
#include "cartd/node.h"
#include "common/clock.h"
#include "tests/integration/http_client.h"

namespace cartd::test {

// 2026-11-20T10:00:00.1234567Z: a fraction with seven digits shows the timestamp format.
Timestamp FixtureStartTime();

// The code and description of a Partner Center error answer.
struct Fault {
  int code = 0;
  std::string description;
};

// Asserts the error body's shape (JSON content type, {code, description, data: [...], source:
// "PartnerFD"}) and returns its code and description; {} when it is not one.
Fault ReadFault(const HttpResult& r);

class CartdTest : public ::testing::Test {
 protected:
  CartdTest();
  ~CartdTest() override;

  void SetUp() override;
  void TearDown() override;

  // The options SetUp starts the node with; override to change them.
  virtual NodeOptions Options();

  // Stops the node (if running) and starts it again on the same data directory.
  void RestartNode();
  void StopNode();

  // An App+User token of `partner` for `user`, or an App-only one when `app_id` is set.
  std::string Token(const std::string& partner = demo::kPartnerTenant,
                    const std::string& user = demo::kUser, const std::string& app_id = "");

  // Calls the node with `Authorization: Bearer <token>` (none when token is empty).
  HttpResult Call(const std::string& method, const std::string& target,
                  const std::string& body = "", const std::string& token = "",
                  const HeaderList& headers = {});

  // "/v1/customers/{customer}/carts[/cart]".
  static std::string CartsPath(const std::string& customer = demo::kCustomer);
  static std::string CartPath(const std::string& cart,
                              const std::string& customer = demo::kCustomer);

  FakeClock clock_;
  std::filesystem::path data_dir_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace cartd::test
