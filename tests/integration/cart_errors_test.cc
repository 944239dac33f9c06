// Every whole-request error of the cart operations over a real socket: status, Partner Center
// code, description, and the Partner Center error body shape (SPEC §4).
#include <gtest/gtest.h>

#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

constexpr char kGoodBody[] =
    R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
    R"("billingCycle":"monthly","termDuration":"P1M"}]})";

// The seed page's request body exactly as printed: a second pair of braces and a trailing comma.
constexpr char kSeedBodyAsPrinted[] = R"({
    {
        "Id":"b4c8fdea-cbe4-4d17-9576-13fcacbf9605",
        "LineItems":[
            {
                "Id":0,
                "CatalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB",
                "Quantity":2,
                "BillingCycle":"one_time"
            }
        ],
    }
})";

class CartErrorsTest : public CartdTest {
 protected:
  std::string CreateCart() {
    const HttpResult r = Call("POST", CartsPath(), kGoodBody, Token());
    EXPECT_EQ(r.status, 201) << r.body;
    return *partnercenter::ParseCart(r.body)->id;
  }
};

TEST_F(CartErrorsTest, MalformedJsonNamesLineAndColumn) {
  const HttpResult r = Call("PUT", CartPath(demo::kSeedCart) + "/", kSeedBodyAsPrinted, Token());
  ASSERT_EQ(r.status, 400);
  const Fault fault = ReadFault(r);
  EXPECT_EQ(fault.code, 800002);
  EXPECT_NE(fault.description.find("line 2, column 5"), std::string::npos) << fault.description;
}

TEST_F(CartErrorsTest, NotAnObject) {
  const HttpResult r = Call("POST", CartsPath(), "[1,2]", Token());
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(ReadFault(r).code, 800002);
}

TEST_F(CartErrorsTest, EmptyBody) {
  const HttpResult r = Call("POST", CartsPath(), "", Token());
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(ReadFault(r).code, 800002);
}

TEST_F(CartErrorsTest, MissingOrEmptyLineItems) {
  HttpResult r = Call("POST", CartsPath(), "{}", Token());
  ASSERT_EQ(r.status, 400);
  Fault fault = ReadFault(r);
  EXPECT_EQ(fault.code, 800002);
  EXPECT_EQ(fault.description, "lineItems is required and must not be empty");
  r = Call("POST", CartsPath(), R"({"LineItems":[]})", Token());
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(ReadFault(r).code, 800002);
  r = Call("POST", CartsPath(), R"({"lineItems":null})", Token());
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(ReadFault(r).code, 800002);
}

TEST_F(CartErrorsTest, LineWithoutARequiredMember) {
  HttpResult r = Call("POST", CartsPath(),
                      R"({"lineItems":[{"quantity":1,"billingCycle":"monthly"}]})", Token());
  ASSERT_EQ(r.status, 400);
  Fault fault = ReadFault(r);
  EXPECT_EQ(fault.code, 800002);
  EXPECT_EQ(fault.description, "lineItems[0]: catalogItemId is required");

  r = Call("POST", CartsPath(), R"({"lineItems":[{"catalogItemId":"X","billingCycle":"monthly"}]})",
           Token());
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(ReadFault(r).description,
            "lineItems[0]: quantity is required and must be between 1 and 1000000");

  r = Call("POST", CartsPath(), R"({"lineItems":[{"catalogItemId":"X","quantity":1}]})", Token());
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(ReadFault(r).description, "lineItems[0]: billingCycle is required");
}

TEST_F(CartErrorsTest, QuantityNotAnIntegerOfAtLeastOne) {
  for (const char* quantity : {"0", "-1", "1.5", "\"2\"", "1000001", "1e400"}) {
    const std::string body = std::string(R"({"lineItems":[{"catalogItemId":"X","quantity":)") +
                             quantity + R"(,"billingCycle":"monthly"}]})";
    const HttpResult r = Call("POST", CartsPath(), body, Token());
    ASSERT_EQ(r.status, 400) << quantity;
    EXPECT_EQ(ReadFault(r).code, 800002) << quantity;
  }
}

TEST_F(CartErrorsTest, UnparsableEnum) {
  const HttpResult r = Call(
      "POST", CartsPath(),
      R"({"lineItems":[{"catalogItemId":"X","quantity":1,"billingCycle":"weekly"}]})", Token());
  ASSERT_EQ(r.status, 400);
  const Fault fault = ReadFault(r);
  EXPECT_EQ(fault.code, 900126);
  EXPECT_NE(fault.description.find("weekly"), std::string::npos) << fault.description;
}

TEST_F(CartErrorsTest, PathIdsThatAreNotGuids) {
  HttpResult r = Call("GET", CartsPath("not-a-guid") + "/" + demo::kSeedCart, "", Token());
  ASSERT_EQ(r.status, 400);
  Fault fault = ReadFault(r);
  EXPECT_EQ(fault.code, 800002);
  EXPECT_EQ(fault.description, "The customer id 'not-a-guid' in the path is not a GUID.");
  r = Call("GET", CartPath("12345"), "", Token());
  ASSERT_EQ(r.status, 400);
  fault = ReadFault(r);
  EXPECT_EQ(fault.code, 800002);
  EXPECT_EQ(fault.description, "The cart id '12345' in the path is not a GUID.");
}

TEST_F(CartErrorsTest, BodyLargerThanTheLimit) {
  const std::string body = R"({"lineItems":[],"pad":")" + std::string(1 << 20, 'x') + "\"}";
  const HttpResult r = Call("POST", CartsPath(), body, Token());
  ASSERT_EQ(r.status, 413);
  EXPECT_EQ(ReadFault(r).code, 800002);
  // The server still answers on a new connection.
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
}

TEST_F(CartErrorsTest, UnknownCart) {
  const HttpResult r = Call("GET", CartPath("11111111-2222-4333-8444-555555555555"), "", Token());
  ASSERT_EQ(r.status, 404);
  const Fault fault = ReadFault(r);
  EXPECT_EQ(fault.code, 800008);
  EXPECT_EQ(fault.description, "Unable to retrieve cart id 11111111-2222-4333-8444-555555555555.");
  EXPECT_EQ(
      Call("PUT", CartPath("11111111-2222-4333-8444-555555555555"), kGoodBody, Token()).status,
      404);
}

TEST_F(CartErrorsTest, ExpiredCartIsNotFoundToGetAndPut) {
  const std::string id = CreateCart();
  clock_.Advance(std::chrono::hours(24 * 7) - std::chrono::seconds(1));
  EXPECT_EQ(Call("GET", CartPath(id), "", Token()).status, 200);
  clock_.Advance(std::chrono::seconds(1));
  HttpResult r = Call("GET", CartPath(id), "", Token());
  ASSERT_EQ(r.status, 404);
  Fault fault = ReadFault(r);
  EXPECT_EQ(fault.code, 800008);
  EXPECT_EQ(fault.description, "Unable to retrieve cart id " + id +
                                   ": the cart expired at 2026-11-27T10:00:00.1234567Z.");
  r = Call("PUT", CartPath(id), kGoodBody, Token());
  ASSERT_EQ(r.status, 404);
  EXPECT_EQ(ReadFault(r).code, 800008);
}

TEST_F(CartErrorsTest, UpdatesDoNotExtendExpiry) {
  const std::string id = CreateCart();
  clock_.Advance(std::chrono::hours(24 * 6));
  ASSERT_EQ(Call("PUT", CartPath(id), kGoodBody, Token()).status, 201);
  clock_.Advance(std::chrono::hours(24));
  EXPECT_EQ(Call("GET", CartPath(id), "", Token()).status, 404);
}

TEST_F(CartErrorsTest, MissingOrBlankAuthorization) {
  for (const HeaderList& headers : {HeaderList{}, HeaderList{{"Authorization", ""}},
                                    HeaderList{{"Authorization", "Bearer "}}}) {
    const HttpResult r = Call("GET", CartPath(demo::kSeedCart), "", "", headers);
    ASSERT_EQ(r.status, 401);
    EXPECT_EQ(r.headers.Get("WWW-Authenticate"), "Bearer realm=\"cartd\"");
    const Fault fault = ReadFault(r);
    EXPECT_EQ(fault.code, 800001);
    EXPECT_EQ(fault.description, "Partner token missing in request context.");
  }
}

TEST_F(CartErrorsTest, InvalidTokenDoesNotSayWhyInTheBody) {
  std::string token = Token();
  token.back() = token.back() == 'A' ? 'B' : 'A';  // break the signature
  const HttpResult r = Call("GET", CartPath(demo::kSeedCart), "", token);
  ASSERT_EQ(r.status, 401);
  EXPECT_EQ(r.headers.Get("WWW-Authenticate"), "Bearer realm=\"cartd\", error=\"invalid_token\"");
  const Fault fault = ReadFault(r);
  EXPECT_EQ(fault.code, 900420);
  EXPECT_EQ(fault.description, "The access token is invalid.");
}

TEST_F(CartErrorsTest, UnknownPathAndWrongMethod) {
  HttpResult r =
      Call("GET", "/v1/customers/" + std::string(demo::kCustomer) + "/wishlists", "", Token());
  ASSERT_EQ(r.status, 404);
  EXPECT_EQ(ReadFault(r).code, 1000);
  r = Call("DELETE", CartPath(demo::kSeedCart), "", Token());
  ASSERT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.Get("Allow"), "GET, HEAD, PUT");
  EXPECT_EQ(ReadFault(r).code, 800002);
}

TEST_F(CartErrorsTest, AnotherPartnersCustomerLooksLikeAnUnknownOne) {
  // The other demo partner asks for the demo partner's customer, and for a customer that exists
  // nowhere: the answers must be identical, so that nothing is learnt about other partners.
  const std::string other = Token(demo::kOtherPartnerTenant, demo::kUser);
  const HttpResult foreign = Call("GET", CartPath(demo::kSeedCart), "", other);
  const HttpResult unknown =
      Call("GET", CartPath(demo::kSeedCart, "99999999-8888-4777-8666-555555555555"), "", other);
  ASSERT_EQ(foreign.status, 403);
  ASSERT_EQ(unknown.status, 403);
  EXPECT_EQ(ReadFault(foreign).code, 20002);
  // Same body except the customer id the caller itself sent.
  std::string unknown_body = unknown.body;
  const std::string unknown_id = "99999999-8888-4777-8666-555555555555";
  unknown_body.replace(unknown_body.find(unknown_id), unknown_id.size(), demo::kCustomer);
  EXPECT_EQ(foreign.body, unknown_body);
}

TEST_F(CartErrorsTest, OnePartnerCannotTouchAnothersCarts) {
  const std::string id = CreateCart();
  const std::string other = Token(demo::kOtherPartnerTenant, demo::kUser);
  EXPECT_EQ(Call("GET", CartPath(id), "", other).status, 403);
  EXPECT_EQ(Call("PUT", CartPath(id), kGoodBody, other).status, 403);
  EXPECT_EQ(Call("POST", CartPath(id) + "/checkout", "", other).status, 403);
  // Its own customer does not have the cart either.
  EXPECT_EQ(Call("GET", CartPath(id, demo::kOtherPartnersCustomer), "", other).status, 404);
  // And the owner still sees it unchanged.
  const HttpResult mine = Call("GET", CartPath(id), "", Token());
  EXPECT_EQ(mine.status, 200);
  EXPECT_EQ(mine.headers.Get("ETag"), "\"1\"");
}

}  // namespace
}  // namespace cartd::test
