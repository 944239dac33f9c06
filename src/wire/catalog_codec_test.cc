// The products API's types (Product, Sku, Availability and their collections) through the codec:
// the documentation's examples read and written back byte for byte, every member of a fully
// populated value written in Partner Center's order and read back unchanged, and the lenient
// reading real answers need.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "partnercenter/json.h"

namespace partnercenter {
namespace {

std::string ReadTestData(const std::string& name) {
  const std::string path = std::string(CARTD_WIRE_TESTDATA_DIR) + "/" + name;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    ADD_FAILURE() << "cannot open " << path;
    return "";
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The expected compact output, without the file's final newline.
std::string ReadCompact(const std::string& name) {
  std::string text = ReadTestData(name);
  if (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  return text;
}

Link Get(std::string uri) {
  return Link{.uri = std::move(uri), .method = "GET", .headers = {}, .body = std::nullopt};
}

ResourceAttributes ObjectType(std::string type) {
  return ResourceAttributes{.etag = std::nullopt, .object_type = std::move(type)};
}

Product FullProduct() {
  Product product;
  product.id = "CFQ7TTC0LH18";
  product.title = "Microsoft 365 Business Basic";
  product.description = "Best for businesses that need professional email.";
  product.product_type =
      ItemType{.id = "Azure",
               .display_name = "Azure",
               .sub_type = ItemSubType{.id = "VirtualMachines", .display_name = "VirtualMachines"}};
  product.is_microsoft_product = true;
  product.publisher_name = "Microsoft Corporation";
  product.links = ProductLinks{.skus = Get("/products/CFQ7TTC0LH18/skus?country=US"),
                               .self = Get("/products/CFQ7TTC0LH18?country=US")};
  product.attributes = ObjectType("Product");
  return product;
}

constexpr char kFullProductJson[] =
    R"({"id":"CFQ7TTC0LH18","title":"Microsoft 365 Business Basic",)"
    R"("description":"Best for businesses that need professional email.",)"
    R"("productType":{"id":"Azure","displayName":"Azure",)"
    R"("subType":{"id":"VirtualMachines","displayName":"VirtualMachines"}},)"
    R"("isMicrosoftProduct":true,"publisherName":"Microsoft Corporation",)"
    R"("links":{"skus":{"uri":"/products/CFQ7TTC0LH18/skus?country=US","method":"GET",)"
    R"("headers":[]},"self":{"uri":"/products/CFQ7TTC0LH18?country=US","method":"GET",)"
    R"("headers":[]}},"attributes":{"objectType":"Product"}})";

Sku FullSku() {
  Sku sku;
  sku.id = "0001";
  sku.product_id = "CFQ7TTC0LH18";
  sku.title = "Microsoft 365 Business Basic";
  sku.description = "For businesses with up to 300 employees.";
  sku.minimum_quantity = 1;
  sku.maximum_quantity = 300;
  sku.is_trial = false;
  sku.supported_billing_cycles = {BillingCycle::kAnnual, BillingCycle::kMonthly,
                                  BillingCycle::kOneTime};
  sku.purchase_prerequisites = {"MicrosoftCloudAgreement"};
  sku.inventory_variables = std::vector<std::string>{};
  sku.provisioning_variables = {"Scope", "SubscriptionId"};
  sku.dynamic_attributes_json = R"({"isAddon":false,"prerequisiteSkus":[],"cores":"12"})";
  sku.links = SkuLinks{.availabilities = Get("/products/CFQ7TTC0LH18/skus/0001/availabilities"
                                             "?country=US"),
                       .self = Get("/products/CFQ7TTC0LH18/skus/0001?country=US")};
  sku.attributes = ObjectType("Sku");
  return sku;
}

constexpr char kFullSkuJson[] =
    R"({"id":"0001","productId":"CFQ7TTC0LH18","title":"Microsoft 365 Business Basic",)"
    R"("description":"For businesses with up to 300 employees.","minimumQuantity":1,)"
    R"("maximumQuantity":300,"isTrial":false,)"
    R"("supportedBillingCycles":["annual","monthly","one_time"],)"
    R"("purchasePrerequisites":["MicrosoftCloudAgreement"],"inventoryVariables":[],)"
    R"("provisioningVariables":["Scope","SubscriptionId"],)"
    R"("dynamicAttributes":{"isAddon":false,"prerequisiteSkus":[],"cores":"12"},)"
    R"("links":{"availabilities":{"uri":"/products/CFQ7TTC0LH18/skus/0001/availabilities)"
    R"(?country=US","method":"GET","headers":[]},"self":{"uri":)"
    R"("/products/CFQ7TTC0LH18/skus/0001?country=US","method":"GET","headers":[]}},)"
    R"("attributes":{"objectType":"Sku"}})";

Availability FullAvailability() {
  Availability availability;
  availability.id = "CFQ7TTC0K971";
  availability.product_id = "CFQ7TTC0LH18";
  availability.sku_id = "0001";
  availability.catalog_item_id = "CFQ7TTC0LH18:0001:CFQ7TTC0K971";
  availability.default_currency = DefaultCurrency{.code = "EUR", .symbol = "€"};
  availability.segment = "commercial";
  availability.country = "DE";
  availability.is_purchasable = true;
  availability.is_renewable = true;
  availability.terms = {Term{.id = "5aeco6mffyxo",
                             .duration = "P1Y",
                             .description = "One-Year commitment for monthly/yearly billing",
                             .billing_cycle = "Annual"},
                        Term{.id = std::nullopt,
                             .duration = std::nullopt,
                             .description = "One-time purchase",
                             .billing_cycle = std::nullopt}};
  availability.product = FullProduct();
  availability.sku = FullSku();
  availability.links = StandardLinks{
      .self = Get("/products/CFQ7TTC0LH18/skus/0001/availabilities/CFQ7TTC0K971?country=DE")};
  availability.attributes = ObjectType("Availability");
  return availability;
}

std::string FullAvailabilityJson() {
  return std::string(R"({"id":"CFQ7TTC0K971","productId":"CFQ7TTC0LH18","skuId":"0001",)"
                     R"("catalogItemId":"CFQ7TTC0LH18:0001:CFQ7TTC0K971",)"
                     R"("defaultCurrency":{"code":"EUR","symbol":"€"},"segment":"commercial",)"
                     R"("country":"DE","isPurchasable":true,"isRenewable":true,)"
                     R"("terms":[{"id":"5aeco6mffyxo","duration":"P1Y",)"
                     R"("description":"One-Year commitment for monthly/yearly billing",)"
                     R"("billingCycle":"Annual"},{"description":"One-time purchase"}],)"
                     R"("product":)") +
         kFullProductJson + R"(,"sku":)" + kFullSkuJson +
         R"(,"links":{"self":{"uri":"/products/CFQ7TTC0LH18/skus/0001/availabilities/)"
         R"(CFQ7TTC0K971?country=DE","method":"GET","headers":[]}},)"
         R"("attributes":{"objectType":"Availability"}})";
}

// --- Writing and reading back ------------------------------------------------------------------

TEST(CatalogCodecTest, FullyPopulatedProductIsWrittenInPartnerCentersOrder) {
  EXPECT_EQ(ToJson(FullProduct()), kFullProductJson);
  const Result<Product> read = ParseProduct(kFullProductJson);
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, FullProduct());
}

TEST(CatalogCodecTest, FullyPopulatedSkuIsWrittenInPartnerCentersOrder) {
  EXPECT_EQ(ToJson(FullSku()), kFullSkuJson);
  const Result<Sku> read = ParseSku(kFullSkuJson);
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, FullSku());
}

TEST(CatalogCodecTest, FullyPopulatedAvailabilityEmbedsItsProductAndSku) {
  EXPECT_EQ(ToJson(FullAvailability()), FullAvailabilityJson());
  const Result<Availability> read = ParseAvailability(FullAvailabilityJson());
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, FullAvailability());
}

TEST(CatalogCodecTest, CollectionsOfEachKind) {
  ProductCollection products;
  products.total_count = 1;
  products.items = {FullProduct()};
  products.links = StandardLinks{.self = Get("/products?country=US&targetView=OnlineServices")};
  products.attributes = ObjectType("Collection");
  const std::string products_json =
      std::string(R"({"totalCount":1,"items":[)") + kFullProductJson +
      R"(],"links":{"self":{"uri":"/products?country=US&targetView=OnlineServices",)"
      R"("method":"GET","headers":[]}},"attributes":{"objectType":"Collection"}})";
  EXPECT_EQ(ToJson(products), products_json);
  const Result<ProductCollection> products_read = ParseProductCollection(products_json);
  ASSERT_TRUE(products_read.ok()) << products_read.error().description;
  EXPECT_EQ(*products_read, products);

  SkuCollection skus;
  skus.total_count = 1;
  skus.items = {FullSku()};
  const std::string skus_json = std::string(R"({"totalCount":1,"items":[)") + kFullSkuJson + "]}";
  EXPECT_EQ(ToJson(skus), skus_json);
  const Result<SkuCollection> skus_read = ParseSkuCollection(skus_json);
  ASSERT_TRUE(skus_read.ok()) << skus_read.error().description;
  EXPECT_EQ(*skus_read, skus);

  AvailabilityCollection availabilities;
  availabilities.total_count = 1;
  availabilities.items = {FullAvailability()};
  const std::string availabilities_json =
      R"({"totalCount":1,"items":[)" + FullAvailabilityJson() + "]}";
  EXPECT_EQ(ToJson(availabilities), availabilities_json);
  const Result<AvailabilityCollection> availabilities_read =
      ParseAvailabilityCollection(availabilities_json);
  ASSERT_TRUE(availabilities_read.ok()) << availabilities_read.error().description;
  EXPECT_EQ(*availabilities_read, availabilities);
}

TEST(CatalogCodecTest, EmptyValuesKeepOnlyTheirRequiredMembers) {
  EXPECT_EQ(ToJson(Product{}), R"({"id":"","title":"","description":"",)"
                               R"("productType":{"id":"","displayName":""}})");
  EXPECT_EQ(ToJson(Sku{}), R"({"id":"","productId":"","title":"","description":"",)"
                           R"("minimumQuantity":0,"maximumQuantity":0,"isTrial":false,)"
                           R"("supportedBillingCycles":[],"purchasePrerequisites":[],)"
                           R"("provisioningVariables":[]})");
  EXPECT_EQ(ToJson(Availability{}), R"({"id":"","productId":"","skuId":"","catalogItemId":"",)"
                                    R"("isPurchasable":false,"isRenewable":false,"terms":[]})");
  EXPECT_EQ(ToJson(ProductCollection{}), R"({"totalCount":0,"items":[]})");
}

// --- The documentation's examples -----------------------------------------------------------

TEST(CatalogCodecTest, DocumentedProductIsWrittenBackByteForByte) {
  const Result<Product> product = ParseProduct(ReadTestData("contract_product_response.json"));
  ASSERT_TRUE(product.ok()) << product.error().description;
  EXPECT_EQ(product->id, "DZH318Z0BQ3Q");
  EXPECT_EQ(product->product_type.sub_type,
            (ItemSubType{.id = "VirtualMachines", .display_name = "VirtualMachines"}));
  EXPECT_EQ(product->publisher_name, "Microsoft");
  EXPECT_EQ(product->links->skus->uri, "/products/DZH318Z0BQ3Q/skus?country=US");
  EXPECT_EQ(product->attributes, std::nullopt);
  EXPECT_EQ(ToJson(*product), ReadCompact("contract_product_response.compact.json"));
}

TEST(CatalogCodecTest, DocumentedSkuIsWrittenBackByteForByte) {
  const Result<Sku> sku = ParseSku(ReadTestData("contract_sku_response.json"));
  ASSERT_TRUE(sku.ok()) << sku.error().description;
  EXPECT_EQ(sku->maximum_quantity, 999999999);
  EXPECT_EQ(sku->supported_billing_cycles, std::vector<BillingCycle>{BillingCycle::kOneTime});
  EXPECT_EQ(sku->inventory_variables,
            (std::vector<std::string>{"CustomerId", "AzureSubscriptionId"}));
  EXPECT_EQ(ToJson(*sku), ReadCompact("contract_sku_response.compact.json"));
}

TEST(CatalogCodecTest, DocumentedAvailabilityListWithItsElisionsFilledInIsWrittenBack) {
  const Result<AvailabilityCollection> collection =
      ParseAvailabilityCollection(ReadTestData("contract_availability_collection_repaired.json"));
  ASSERT_TRUE(collection.ok()) << collection.error().description;
  ASSERT_EQ(collection->items.size(), 1u);
  const Availability& availability = collection->items[0];
  EXPECT_EQ(availability.catalog_item_id, "DZH318Z0BQ3Q:0001:DZH318XZXVNF");
  EXPECT_EQ(availability.default_currency, (DefaultCurrency{.code = "USD", .symbol = "$"}));
  const std::vector<Term> terms{Term{.id = std::nullopt,
                                     .duration = "P1Y",
                                     .description = "1 Year Prepaid",
                                     .billing_cycle = std::nullopt}};
  EXPECT_EQ(availability.terms, terms);
  ASSERT_TRUE(availability.sku.has_value());
  // The list example's SKUs have no inventoryVariables: absent, not empty.
  EXPECT_EQ(availability.sku->inventory_variables, std::nullopt);
  EXPECT_EQ(collection->attributes, ObjectType("Collection"));
  EXPECT_EQ(ToJson(*collection),
            ReadCompact("contract_availability_collection_repaired.compact.json"));
}

TEST(CatalogCodecTest, NewCommerceAvailabilityReadsItsTermsAndSkipsWhatItDoesNotModel) {
  const Result<Availability> availability =
      ParseAvailability(ReadTestData("contract_nce_availability.json"));
  ASSERT_TRUE(availability.ok()) << availability.error().description;
  EXPECT_TRUE(availability->is_renewable);
  ASSERT_EQ(availability->terms.size(), 1u);
  EXPECT_EQ(availability->terms[0],
            (Term{.id = "5aeco6mffyxo",
                  .duration = "P1Y",
                  .description = "One-Year commitment for monthly/yearly billing",
                  .billing_cycle = "Annual"}));
  EXPECT_EQ(availability->product, std::nullopt);
}

// --- Lenient reading ----------------------------------------------------------------------------

TEST(CatalogCodecTest, ReadsPascalCaseNamesNullsAndEnumForms) {
  const Result<Sku> sku = ParseSku(
      R"({"Id":"0001","ProductId":"P","MinimumQuantity":1,"MaximumQuantity":null,)"
      R"("SupportedBillingCycles":["OneTime","Monthly",2],"DynamicAttributes":)"
      R"({"cores":"12","isAddon":true,"prerequisiteSkus":["CFQ7TTC0LDPB:0001"]},"Links":null})");
  ASSERT_TRUE(sku.ok()) << sku.error().description;
  EXPECT_EQ(sku->id, "0001");
  EXPECT_EQ(sku->maximum_quantity, 0);
  EXPECT_EQ(sku->supported_billing_cycles,
            (std::vector<BillingCycle>{BillingCycle::kOneTime, BillingCycle::kMonthly,
                                       BillingCycle::kAnnual}));
  // Values of any JSON type, kept as the object's compact text.
  EXPECT_EQ(sku->dynamic_attributes_json,
            R"({"cores":"12","isAddon":true,"prerequisiteSkus":["CFQ7TTC0LDPB:0001"]})");
  EXPECT_EQ(sku->links, std::nullopt);
}

TEST(CatalogCodecTest, RefusesMembersOfTheWrongShapeNamingThem) {
  const Result<Sku> not_an_object = ParseSku(R"({"dynamicAttributes":["cores"]})");
  ASSERT_FALSE(not_an_object.ok());
  EXPECT_EQ(not_an_object.error().kind, ErrorKind::kInvalidJson);
  EXPECT_EQ(not_an_object.error().description, "dynamicAttributes: expected an object");

  const Result<Sku> bad_cycle = ParseSku(R"({"supportedBillingCycles":["weekly"]})");
  ASSERT_FALSE(bad_cycle.ok());
  EXPECT_EQ(bad_cycle.error().kind, ErrorKind::kInvalidEnum);

  const Result<Availability> bad_term =
      ParseAvailability(R"({"terms":[{"duration":"P1Y","description":7}]})");
  ASSERT_FALSE(bad_term.ok());
  EXPECT_EQ(bad_term.error().description, "terms[0].description: expected a string");

  const Result<ProductCollection> bad_count = ParseProductCollection(R"({"totalCount":"x"})");
  ASSERT_FALSE(bad_count.ok());
  EXPECT_EQ(bad_count.error().description, "totalCount: expected an integer");
}

}  // namespace
}  // namespace partnercenter
