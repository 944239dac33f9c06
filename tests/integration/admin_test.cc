// `cartd admin`: the customer registry and migrations on a store, run as the binary, and a node
// serving a customer added that way.
#include <gtest/gtest.h>

#include <map>

#include "tests/integration/http_client.h"
#include "tests/testing/cartd_process.h"
#include "tests/testing/postgres_server.h"
#include "tests/testing/temp_dir.h"

namespace cartd::test {
namespace {

constexpr char kPartner[] = "4f1c2b3a-5d6e-4f70-8a9b-0c1d2e3f4a5b";
constexpr char kCustomer[] = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";

class AdminTest : public ::testing::Test {
 protected:
  RunResult Admin(std::vector<std::string> args) {
    args.insert(args.begin(), "admin");
    args.push_back("--data-dir");
    args.push_back((dir_.path() / "data").string());
    return RunToCompletion(CARTD_BINARY, args);
  }

  TempDir dir_;
};

TEST_F(AdminTest, CustomersAddListRemove) {
  const RunResult added = Admin({"customers", "add", "--partner", kPartner, "--customer", kCustomer,
                                 "--country", "GB", "--currency", "GBP", "--name", "Northwind"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.out, std::string("customer ") + kCustomer + " added for partner " + kPartner +
                           " (GB, GBP)\n");

  const RunResult listed = Admin({"customers", "list", "--partner", kPartner});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(std::string(kPartner) + "  " + kCustomer +
                            "  GB       GBP       "
                            "Northwind\n"),
            std::string::npos)
      << listed.out;

  const RunResult removed =
      Admin({"customers", "remove", "--partner", kPartner, "--customer", kCustomer});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(Admin({"customers", "list", "--partner", kPartner}).out.find(kCustomer),
            std::string::npos);

  const RunResult again =
      Admin({"customers", "remove", "--partner", kPartner, "--customer", kCustomer});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, std::string("cartd admin customers remove: partner ") + kPartner +
                           " has no customer " + kCustomer + "\n");
}

TEST_F(AdminTest, RefusesBadArguments) {
  const RunResult not_a_guid = Admin({"customers", "add", "--partner", "nope", "--customer",
                                      kCustomer, "--country", "GB", "--currency", "GBP"});
  EXPECT_EQ(not_a_guid.exit_code, 2);
  EXPECT_EQ(not_a_guid.err, "cartd admin customers add: --partner and --customer must be GUIDs\n");
  const RunResult bad_market = Admin({"customers", "add", "--partner", kPartner, "--customer",
                                      kCustomer, "--country", "gb", "--currency", "GBP"});
  EXPECT_EQ(bad_market.exit_code, 2);
}

TEST_F(AdminTest, ANodeServesACustomerAddedByAdmin) {
  ASSERT_EQ(Admin({"customers", "add", "--partner", kPartner, "--customer", kCustomer, "--country",
                   "JP", "--currency", "JPY"})
                .exit_code,
            0);
  CartdProcess cartd(CARTD_BINARY,
                     {"serve", "--listen", "127.0.0.1:0", "--data-dir",
                      (dir_.path() / "data").string(), "--rate-limit", "0"},
                     {}, dir_.path() / "cartd.log");
  const auto port = cartd.WaitUntilListening();
  ASSERT_TRUE(port.has_value()) << cartd.Log();
  const RunResult token = RunToCompletion(
      CARTD_BINARY, {"token", "--data-dir", (dir_.path() / "data").string(), "--tenant", kPartner,
                     "--app", "0f1e2d3c-4b5a-4697-8877-665544332211"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  HttpClient client(*port);
  const HttpResult created = client.Send(
      "POST", std::string("/v1/customers/") + kCustomer + "/carts",
      R"({"lineItems":[{"catalogItemId":"ANY:ITEM:ID","quantity":1,"billingCycle":"monthly"}]})",
      {{"Authorization", "Bearer " + token.out.substr(0, token.out.size() - 1)},
       {"Content-Type", "application/json"}});
  ASSERT_EQ(created.status, 201) << created.body;
  // Without a catalog, lines are taken as they are; the currency is the customer's.
  EXPECT_NE(created.body.find("\"currencyCode\":\"JPY\""), std::string::npos) << created.body;
}

TEST(AdminMigrateTest, MigratesSqliteAndPostgres) {
  TempDir dir;
  const RunResult sqlite =
      RunToCompletion(CARTD_BINARY, {"admin", "migrate", "--data-dir", dir.path().string()});
  ASSERT_EQ(sqlite.exit_code, 0) << sqlite.err;
  EXPECT_EQ(sqlite.out, "migrations applied\n");
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "cartd.db"));

  PostgresServer* server = PostgresServer::Shared();
  ASSERT_NE(server, nullptr);
  const auto database = server->CreateDatabase();
  ASSERT_TRUE(database.ok()) << database.status().ToString();
  const RunResult postgres =
      RunToCompletion(CARTD_BINARY, {"admin", "migrate", "--store", server->Uri(*database)});
  ASSERT_EQ(postgres.exit_code, 0) << postgres.err;
  const auto version = server->Query(*database, "SELECT max(version) FROM schema_migrations");
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ((*version)[0][0], "3");

  const RunResult unreachable = RunToCompletion(
      CARTD_BINARY, {"admin", "migrate", "--store", "postgresql://nobody@127.0.0.1:1/none"});
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_NE(unreachable.err.find("cannot open postgresql://nobody@127.0.0.1:1/none"),
            std::string::npos)
      << unreachable.err;
}

}  // namespace
}  // namespace cartd::test
