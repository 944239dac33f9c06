// `cartctl catalog ...` end to end: the built cartctl against a cartd process started with the
// demo data. Every command in JSON (exactly the contract's JSON) and as a table, the service's
// errors with their exit codes, and that no customer is needed.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "partnercenter/json.h"
#include "tests/testing/cartd_process.h"

namespace partnercenter {
namespace {

using cartd::test::CartdProcess;
using cartd::test::RunResult;
using cartd::test::RunToCompletion;

constexpr char kPartnerTenant[] = "9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
constexpr char kUser[] = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc";

class CartctlCatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new cartd::test::TempDir();
    const std::string data_dir = (dir_->path() / "data").string();
    cartd_ = new CartdProcess(CARTD_BINARY,
                              std::vector<std::string>{"serve", "--demo", "--listen", "127.0.0.1:0",
                                                       "--data-dir", data_dir},
                              std::map<std::string, std::string>{}, dir_->path() / "cartd.log");
    ASSERT_TRUE(cartd_->started());
    const std::optional<std::uint16_t> port = cartd_->WaitUntilListening();
    ASSERT_TRUE(port.has_value()) << cartd_->Log();
    base_url_ = new std::string("http://127.0.0.1:" + std::to_string(*port));
    const RunResult token = RunToCompletion(
        CARTD_BINARY,
        {"token", "--data-dir", data_dir, "--tenant", kPartnerTenant, "--user", kUser});
    ASSERT_EQ(token.exit_code, 0) << token.err;
    token_ = new std::string(token.out.substr(0, token.out.find_last_not_of("\r\n") + 1));
  }

  static void TearDownTestSuite() {
    delete cartd_;
    delete dir_;
    delete base_url_;
    delete token_;
  }

  void SetUp() override {
    ASSERT_NE(base_url_, nullptr);
    ASSERT_NE(token_, nullptr);
  }

  // Runs cartctl with the server and token (and no customer) first, then `args`.
  static RunResult Cartctl(std::vector<std::string> args,
                           const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv = {"--base-url", *base_url_, "--token", *token_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunToCompletion(CARTCTL_BINARY, argv, env);
  }

  // Runs `cartctl --output json catalog ...` and decodes its output with `parse`.
  template <typename T>
  static T JsonOf(std::vector<std::string> args,
                  Result<T> (*parse)(std::string_view, const ParseOptions&)) {
    args.insert(args.begin(), {"--output", "json", "catalog"});
    const RunResult run = Cartctl(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, "");
    Result<T> value = parse(run.out, {.max_depth = 32, .max_string_bytes = 1 << 20});
    EXPECT_TRUE(value.ok()) << run.out;
    if (!value.ok()) return T{};
    EXPECT_EQ(run.out, ToJson(*value) + "\n");
    return *value;
  }

  static cartd::test::TempDir* dir_;
  static CartdProcess* cartd_;
  static std::string* base_url_;
  static std::string* token_;
};

cartd::test::TempDir* CartctlCatalogTest::dir_ = nullptr;
CartdProcess* CartctlCatalogTest::cartd_ = nullptr;
std::string* CartctlCatalogTest::base_url_ = nullptr;
std::string* CartctlCatalogTest::token_ = nullptr;

TEST_F(CartctlCatalogTest, EveryCommandAsJson) {
  const ProductCollection products = JsonOf<ProductCollection>(
      {"products", "--country", "US", "--target-view", "MicrosoftAzure"}, ParseProductCollection);
  ASSERT_EQ(products.items.size(), 1u);
  EXPECT_EQ(products.items[0].id, "DZH318Z0BPS6");

  const ProductCollection education =
      JsonOf<ProductCollection>({"products", "--country", "GB", "--target-view", "OnlineServices",
                                 "--target-segment", "education"},
                                ParseProductCollection);
  ASSERT_EQ(education.items.size(), 1u);
  EXPECT_EQ(education.links->self->uri,
            "/products?country=GB&targetView=OnlineServices&targetSegment=education");

  const Product product =
      JsonOf<Product>({"product", "DZH318Z0BQ3Q", "--country", "US"}, ParseProduct);
  EXPECT_EQ(product.title, "Virtual Machines DSv2 Series");

  const SkuCollection skus =
      JsonOf<SkuCollection>({"skus", "DZH318Z0BQ3Q", "--country", "de"}, ParseSkuCollection);
  EXPECT_EQ(skus.total_count, 4);

  // Microsoft's CreateCart sample's first call; --country may come first.
  const Sku sku = JsonOf<Sku>({"--country", "US", "sku", "DG7GMGF0DWTL", "0001"}, ParseSku);
  EXPECT_EQ(sku.product_id, "DG7GMGF0DWTL");

  const AvailabilityCollection availabilities =
      JsonOf<AvailabilityCollection>({"availabilities", "DZH318Z0BQ3Q", "0001", "--country", "JP",
                                      "--target-segment", "commercial"},
                                     ParseAvailabilityCollection);
  ASSERT_EQ(availabilities.items.size(), 3u);
  EXPECT_EQ(availabilities.items[0].default_currency->code, "JPY");

  const Availability availability = JsonOf<Availability>(
      {"availability", "DZH318Z0BQ3Q", "0001", "DZH318XZXPHL", "--country", "US"},
      ParseAvailability);
  EXPECT_EQ(availability.catalog_item_id, "DZH318Z0BQ3Q:0001:DZH318XZXPHL");
}

TEST_F(CartctlCatalogTest, TablesShowWhatACartLineNeeds) {
  const RunResult availability = Cartctl(
      {"catalog", "availability", "CFQ7TTC0LFLS", "0002", "CFQ7TTC0KDLJ", "--country", "GB"});
  ASSERT_EQ(availability.exit_code, 0) << availability.err;
  EXPECT_EQ(availability.err, "");
  EXPECT_EQ(availability.out,
            "Availability  CFQ7TTC0KDLJ\n"
            "Catalog item  CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ\n"
            "Product       CFQ7TTC0LFLS\n"
            "SKU           0002\n"
            "Country       GB\n"
            "Currency      GBP (£)\n"
            "Segment       commercial\n"
            "Purchasable   yes\n"
            "Renewable     yes\n"
            "\n"
            "TERM  BILLING CYCLE  DESCRIPTION\n"
            "P1M   Monthly        One-Month commitment for monthly billing\n"
            "P1Y   Monthly        One-Year commitment for monthly/yearly billing\n"
            "P1Y   Annual         One-Year commitment for monthly/yearly billing\n");

  const RunResult products =
      Cartctl({"catalog", "products", "--country", "US", "--target-view", "AzureReservationsVM"});
  ASSERT_EQ(products.exit_code, 0) << products.err;
  EXPECT_EQ(products.out,
            "ID            TITLE                         TYPE                   PUBLISHER\n"
            "DZH318Z0BQ36  Virtual Machines NV Series    Azure/VirtualMachines  Microsoft "
            "Corporation\n"
            "DZH318Z0BQ3Q  Virtual Machines DSv2 Series  Azure/VirtualMachines  Microsoft\n"
            "2 products\n");

  const RunResult sku =
      Cartctl({"catalog", "sku", "DG7GMGF0DWTL", "0001"}, {{"CARTCTL_COUNTRY", "US"}});
  ASSERT_EQ(sku.exit_code, 0) << sku.err;
  EXPECT_NE(sku.out.find("\nBilling cycles  one_time\n"), std::string::npos) << sku.out;
  EXPECT_NE(sku.out.find("\nProvisioning    SubscriptionId, Scope, Duration\n"), std::string::npos)
      << sku.out;
}

TEST_F(CartctlCatalogTest, TheServicesErrorsExitThree) {
  const RunResult unknown = Cartctl({"catalog", "product", "NOPE00000000", "--country", "US"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_EQ(unknown.out, "");
  EXPECT_EQ(unknown.err, "Product was not found. (400013)\n");

  const RunResult sku = Cartctl({"catalog", "sku", "DZH318Z0BQ3Q", "9999", "--country", "US"});
  EXPECT_EQ(sku.exit_code, 3);
  EXPECT_EQ(sku.err, "SKU was not found. (400018)\n");

  const RunResult availability =
      Cartctl({"catalog", "availability", "DZH318Z0BQ3Q", "0001", "NOPE", "--country", "US"});
  EXPECT_EQ(availability.exit_code, 3);
  EXPECT_EQ(availability.err, "Availability not found. (400019)\n");

  const RunResult view =
      Cartctl({"catalog", "products", "--country", "US", "--target-view", "Office"});
  EXPECT_EQ(view.exit_code, 3);
  EXPECT_EQ(view.err, "Access to the requested targetView is not allowed. (400036)\n");

  const RunResult segment =
      Cartctl({"catalog", "skus", "DZH318Z0BQ3Q", "--country", "US", "--target-segment", "retail"});
  EXPECT_EQ(segment.exit_code, 3);
  EXPECT_EQ(segment.err, "Access to the requested targetSegment is not allowed. (400030)\n");

  const RunResult country = Cartctl({"catalog", "product", "DZH318Z0BQ3Q", "--country", "USA"});
  EXPECT_EQ(country.exit_code, 3);
  EXPECT_EQ(country.err,
            "The query parameter 'country' must be a two-letter country code (ISO 3166-1 "
            "alpha-2); 'USA' is not one. (800002)\n");

  const RunResult missing = Cartctl({"catalog", "product", "DZH318Z0BQ3Q"});
  EXPECT_EQ(missing.exit_code, 2);
}

}  // namespace
}  // namespace partnercenter
