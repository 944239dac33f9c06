// The seed page's flow over a real socket: create, get, update (the seed's PUT), get; every
// header and every body byte asserted.
#include <gtest/gtest.h>
#include <time.h>

#include "common/ids.h"
#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

using std::chrono::minutes;

constexpr char kCreateBody[] = R"({
  "lineItems": [
    {"id": 0, "catalogItemId": "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", "friendlyName": "desk seats",
     "quantity": 3, "billingCycle": "monthly", "termDuration": "P1M"},
    {"id": 1, "catalogItemId": "DG7GMGF0DWTL:0001:DG7GMGF0DSJB", "quantity": 1,
     "billingCycle": "one_time",
     "provisioningContext": {"SubscriptionId": "3D5ECED6-1151-44C7-AEE6-70A4BB725666",
                             "Scope": "shared", "Duration": "1Year"}}
  ]
})";

std::string ExpectedCreatedCart(const std::string& id) {
  return R"({"id":")" + id +
         R"(","creationTimestamp":"2026-11-20T10:00:00.1234567Z",)"
         R"("lastModifiedTimestamp":"2026-11-20T10:00:00.1234567Z",)"
         R"("expirationTimestamp":"2026-11-27T10:00:00.1234567Z",)"
         R"("lastModifiedUser":"2713ccd7-ea3b-470a-9cfb-451d5d0482cc","status":"Active",)"
         R"("lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)"
         R"("friendlyName":"desk seats","quantity":3,"currencyCode":"USD",)"
         R"("billingCycle":"monthly","termDuration":"P1M","provisioningContext":{},"orderGroup":"0"},)"
         R"({"id":1,"catalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB","quantity":1,)"
         R"("currencyCode":"USD","billingCycle":"one_time",)"
         R"("provisioningContext":{"subscriptionId":"3D5ECED6-1151-44C7-AEE6-70A4BB725666",)"
         R"("scope":"shared","duration":"1Year"},"orderGroup":"1"}],)"
         R"("links":{"self":{"uri":"/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d/carts/)" +
         id + R"(","method":"GET","headers":[]}},"attributes":{"objectType":"Cart"}})";
}

class CartFlowTest : public CartdTest {};

// "sF/wRa2ih0CzbABc.0": sixteen base64 characters and ".0".
bool IsCorrelationVector(std::string_view cv) {
  if (cv.size() != 18 || !cv.ends_with(".0")) return false;
  return cv.substr(0, 16).find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") ==
         std::string_view::npos;
}

// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
bool IsHttpDate(std::string_view date) {
  const std::string text(date);
  tm parsed{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parsed);
  return text.size() == 29 && end != nullptr && *end == '\0';
}

void ExpectStandardHeaders(const HttpResult& r, const std::string& request_id) {
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.headers.Get("MS-RequestId"), request_id);
  EXPECT_TRUE(CanonicalGuid(std::string(r.headers.Get("MS-CorrelationId"))).has_value());
  EXPECT_TRUE(IsCorrelationVector(r.headers.Get("MS-CV"))) << r.headers.Get("MS-CV");
  EXPECT_EQ(r.headers.Get("MS-ServerId"), "TESTNODE");
  EXPECT_EQ(r.headers.Get("X-Locale"), "en-US");
  EXPECT_TRUE(IsHttpDate(r.headers.Get("Date"))) << r.headers.Get("Date");
}

TEST_F(CartFlowTest, CreateGetUpdateGet) {
  const std::string token = Token();

  // Create.
  const HttpResult created =
      Call("POST", CartsPath(), kCreateBody, token, {{"MS-RequestId", "create-1"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ExpectStandardHeaders(created, "create-1");
  EXPECT_EQ(created.headers.Get("ETag"), "\"1\"");
  const auto parsed = partnercenter::ParseCart(created.body);
  ASSERT_TRUE(parsed.ok());
  const std::string id = parsed->id.value_or("");
  ASSERT_TRUE(CanonicalGuid(id).has_value());
  EXPECT_EQ(id[14], '4');  // a version 4 GUID
  EXPECT_EQ(created.body, ExpectedCreatedCart(id));

  // Get: the same cart, 200.
  const HttpResult got = Call("GET", CartPath(id), "", token, {{"MS-RequestId", "get-1"}});
  ASSERT_EQ(got.status, 200) << got.body;
  ExpectStandardHeaders(got, "get-1");
  EXPECT_EQ(got.headers.Get("ETag"), "\"1\"");
  EXPECT_EQ(got.body, created.body);

  // Update, as the seed does it: PascalCase, every field echoed, a trailing slash, an id in the
  // body that differs from the path's (the path wins), a raised quantity.
  clock_.Advance(minutes(5));
  const std::string update =
      std::string(R"({"Id":"b4c8fdea-cbe4-4d17-9576-13fcacbf9605",)") +
      R"("ExpirationTimestamp":"0001-01-01T00:00:00",)" +
      R"("LineItems":[{"Id":0,"CatalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)" +
      R"("FriendlyName":"desk seats","Quantity":4,"BillingCycle":"Monthly",)" +
      R"("TermDuration":"P1M","OrderGroup":"bogus","CurrencyCode":null}]})";
  const HttpResult updated = Call("PUT", CartPath(id) + "/", update, token,
                                  {{"MS-RequestId", "put-1"}, {"X-Locale", "nl-NL"}});
  ASSERT_EQ(updated.status, 201) << updated.body;
  EXPECT_EQ(updated.headers.Get("ETag"), "\"2\"");
  EXPECT_EQ(updated.headers.Get("X-Locale"), "nl-NL");
  const std::string expected_update =
      R"({"id":")" + id +
      R"(","creationTimestamp":"2026-11-20T10:00:00.1234567Z",)"
      R"("lastModifiedTimestamp":"2026-11-20T10:05:00.1234567Z",)"
      R"("expirationTimestamp":"2026-11-27T10:00:00.1234567Z",)"
      R"("lastModifiedUser":"2713ccd7-ea3b-470a-9cfb-451d5d0482cc","status":"Active",)"
      R"("lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)"
      R"("friendlyName":"desk seats","quantity":4,"currencyCode":"USD",)"
      R"("billingCycle":"monthly","termDuration":"P1M","provisioningContext":{},"orderGroup":"0"}],)"
      R"("links":{"self":{"uri":"/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d/carts/)" +
      id + R"(","method":"GET","headers":[]}},"attributes":{"objectType":"Cart"}})";
  EXPECT_EQ(updated.body, expected_update);

  // Get again: the update is what is stored.
  const HttpResult after = Call("GET", CartPath(id), "", token);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.headers.Get("ETag"), "\"2\"");
  EXPECT_EQ(after.body, expected_update);
  // A request without MS-RequestId gets a generated one.
  EXPECT_TRUE(CanonicalGuid(std::string(after.headers.Get("MS-RequestId"))).has_value());
}

// A GET may answer from the rendering the node kept (api::RenderedCarts), but only after the store
// confirmed the cart is still in the state it was rendered from: a change made by anything else
// than this node's handlers (another node, `cartd admin`, a reset) is answered at once.
TEST_F(CartFlowTest, AGetFollowsEveryChangeOfTheStoredCartWhateverMadeIt) {
  const std::string token = Token();
  const HttpResult created = Call("POST", CartsPath(), kCreateBody, token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = partnercenter::ParseCart(created.body)->id.value_or("");
  for (int i = 0; i < 3; ++i) {
    const HttpResult got = Call("GET", CartPath(id), "", token);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.headers.Get("ETag"), "\"1\"");
    EXPECT_EQ(got.body, created.body);
  }

  // Changed behind the node's back, straight through its store.
  const CartKey key{demo::kPartnerTenant, demo::kCustomer, id};
  StatusOr<std::optional<CartRecord>> stored = node_->store().FindCart(key);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  CartRecord changed = **stored;
  changed.version = 2;
  changed.cart.line_items.at(0).quantity = 7;
  CartWrite write;
  write.cart = changed;
  write.expected_version = 1;
  ASSERT_TRUE(node_->store().Commit(write).ok());

  const HttpResult after = Call("GET", CartPath(id), "", token);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.headers.Get("ETag"), "\"2\"");
  const auto parsed = partnercenter::ParseCart(after.body);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->line_items.at(0).quantity, 7);
  EXPECT_EQ(Call("GET", CartPath(id), "", token).body, after.body);

  // Expiry is decided on every GET, not when the rendering was kept.
  clock_.Advance(std::chrono::days(7));
  const HttpResult expired = Call("GET", CartPath(id), "", Token());
  EXPECT_EQ(expired.status, 404);
  EXPECT_EQ(ReadFault(expired).code, 800008);
}

TEST_F(CartFlowTest, TheSeedPagesRequestWorksAgainstTheDemoCart) {
  clock_.Advance(minutes(1));
  const HttpResult r = Call("PUT", CartPath(demo::kSeedCart) + "/", demo::kSeedUpdateBody, Token(),
                            {{"MS-RequestId", "4fa6dad6-a89f-4875-8247-8294a10ae1cf"},
                             {"MS-CorrelationId", "0e93c70c-977a-4a88-9580-7cf084c73286"},
                             {"X-Locale", "en-US"},
                             {"MS-PartnerCenter-Client", "Partner Center .NET SDK"},
                             {"Accept", "application/json"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.headers.Get("MS-RequestId"), "4fa6dad6-a89f-4875-8247-8294a10ae1cf");
  EXPECT_EQ(r.headers.Get("MS-CorrelationId"), "0e93c70c-977a-4a88-9580-7cf084c73286");
  EXPECT_EQ(r.body,
            R"({"id":"65faf57b-0205-47ee-92b3-08dcf233ea73",)"
            R"("creationTimestamp":"2026-11-20T10:00:00.1234567Z",)"
            R"("lastModifiedTimestamp":"2026-11-20T10:01:00.1234567Z",)"
            R"("expirationTimestamp":"2026-11-27T10:00:00.1234567Z",)"
            R"("lastModifiedUser":"2713ccd7-ea3b-470a-9cfb-451d5d0482cc","status":"Active",)"
            R"("lineItems":[{"id":0,"catalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB",)"
            R"("friendlyName":"A_sample_Azure_RI","quantity":2,"currencyCode":"USD",)"
            R"("billingCycle":"one_time","provisioningContext":{)"
            R"("subscriptionId":"3D5ECED6-1151-44C7-AEE6-70A4BB725666","scope":"shared",)"
            R"("duration":"1Year"},"orderGroup":"0"}],)"
            R"("links":{"self":{"uri":"/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d/carts/)"
            R"(65faf57b-0205-47ee-92b3-08dcf233ea73","method":"GET","headers":[]}},)"
            R"("attributes":{"objectType":"Cart"}})");
}

TEST_F(CartFlowTest, AppOnlyTokensRecordTheAppAsLastModifiedUser) {
  const std::string app = "1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9";
  const HttpResult r = Call("POST", CartsPath(), kCreateBody, Token(demo::kPartnerTenant, "", app));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto cart = partnercenter::ParseCart(r.body);
  ASSERT_TRUE(cart.ok());
  EXPECT_EQ(cart->last_modified_user, app);
}

TEST_F(CartFlowTest, CartsSurviveARestart) {
  const std::string token = Token();
  const HttpResult created = Call("POST", CartsPath(), kCreateBody, token);
  ASSERT_EQ(created.status, 201);
  const std::string id = *partnercenter::ParseCart(created.body)->id;
  RestartNode();
  // The node kept its signing key, so the same token works, and the cart is as it was.
  const HttpResult got = Call("GET", CartPath(id), "", token);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, created.body);
  EXPECT_EQ(got.headers.Get("ETag"), "\"1\"");
}

}  // namespace
}  // namespace cartd::test
