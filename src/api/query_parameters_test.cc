#include "api/query_parameters.h"

#include <gtest/gtest.h>

namespace cartd::api {
namespace {

TEST(QueryParametersTest, NamesCompareIgnoringCaseAndValuesArePercentDecoded) {
  const StatusOr<QueryParameters> query =
      QueryParameters::Parse("Country=us&targetView=Azure%52eservations&x=a+b%2Bc");
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  EXPECT_EQ(query->Get("country"), "us");
  EXPECT_EQ(query->Get("COUNTRY"), "us");
  EXPECT_EQ(query->Get("targetview"), "AzureReservations");
  EXPECT_EQ(query->Get("x"), "a b+c");
  EXPECT_EQ(query->Get("targetSegment"), std::nullopt);
}

TEST(QueryParametersTest, EmptyValuesAndEmptyPiecesAreAbsent) {
  const StatusOr<QueryParameters> query = QueryParameters::Parse("country=&&targetView&=x&a=1");
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  EXPECT_EQ(query->Get("country"), std::nullopt);
  EXPECT_EQ(query->Get("targetView"), std::nullopt);
  EXPECT_EQ(query->Get(""), std::nullopt);
  EXPECT_EQ(query->Get("a"), "1");
  EXPECT_EQ(QueryParameters::Parse("")->Get("country"), std::nullopt);
}

TEST(QueryParametersTest, RefusesAParameterGivenTwice) {
  const StatusOr<QueryParameters> query = QueryParameters::Parse("country=US&COUNTRY=GB");
  EXPECT_EQ(query.status(), InvalidInput("The query parameter 'COUNTRY' is given more than once."));
}

TEST(QueryParametersTest, RefusesAMalformedQuery) {
  EXPECT_EQ(QueryParameters::Parse("country=%ZZ").status(),
            InvalidInput("The query string of the request is malformed."));
  EXPECT_EQ(QueryParameters::Parse("country=U S").status().code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace cartd::api
