#include "partnercenter/stand_in.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace partnercenter {
namespace {

using std::chrono::milliseconds;

TEST(StandInDurationTest, ReadsIsoAndCartdsSpelling) {
  EXPECT_EQ(ParseStandInDuration("P7D"), std::chrono::days(7));
  EXPECT_EQ(ParseStandInDuration("P2W"), std::chrono::days(14));
  EXPECT_EQ(ParseStandInDuration("PT36H"), std::chrono::hours(36));
  EXPECT_EQ(ParseStandInDuration("P1DT2H30M"), std::chrono::hours(26) + std::chrono::minutes(30));
  EXPECT_EQ(ParseStandInDuration("PT0.5S"), milliseconds(500));
  EXPECT_EQ(ParseStandInDuration("PT604800S"), std::chrono::days(7));
  EXPECT_EQ(ParseStandInDuration("7d"), std::chrono::days(7));
  EXPECT_EQ(ParseStandInDuration("1h30m"), std::chrono::minutes(90));
  EXPECT_EQ(ParseStandInDuration("1500ms"), milliseconds(1500));
  EXPECT_EQ(ParseStandInDuration("2s"), milliseconds(2000));
}

TEST(StandInDurationTest, RefusesCalendarUnitsAndNonsense) {
  for (const char* text : {"", "P", "PT", "P1M", "P1Y", "PT1.5H", "P1H", "PT1D", "P1DT", "7", "7x",
                           "-1s", "1.5s", "P99999999999999999999D", "PT1S1M", "PT1.2345S"}) {
    EXPECT_EQ(ParseStandInDuration(text), std::nullopt) << text;
  }
}

TEST(StandInDurationTest, WritesIsoSecondsAndTheShortSpelling) {
  EXPECT_EQ(FormatIsoSeconds(std::chrono::days(7)), "PT604800S");
  EXPECT_EQ(FormatIsoSeconds(milliseconds(1500)), "PT1.5S");
  EXPECT_EQ(FormatIsoSeconds(milliseconds(250)), "PT0.25S");
  EXPECT_EQ(FormatIsoSeconds(milliseconds(0)), "PT0S");
  EXPECT_EQ(FormatShortDuration(std::chrono::days(7)), "7d");
  EXPECT_EQ(FormatShortDuration(std::chrono::minutes(90)), "1h30m");
  EXPECT_EQ(FormatShortDuration(milliseconds(1500)), "1s500ms");
  EXPECT_EQ(FormatShortDuration(milliseconds(0)), "0s");
}

TEST(StandInJsonTest, AFaultRuleAsTheServiceListsItRoundTrips) {
  const std::string listed =
      R"({"id":"fault-3","operation":"update","customer":"d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d",)"
      R"("action":"error","status":503,"code":800003,"description":"Down.","retryAfter":5,)"
      R"("count":2,"probability":5E-1,"matched":4,"fired":2})";
  Result<FaultRule> rule = ParseFaultRule(listed);
  ASSERT_TRUE(rule.ok()) << rule.error().ToString();
  EXPECT_EQ(rule->id, "fault-3");
  EXPECT_EQ(rule->operation, "update");
  EXPECT_EQ(rule->partner, "");
  EXPECT_EQ(rule->customer, "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d");
  EXPECT_EQ(rule->action, FaultAction::kError);
  EXPECT_EQ(rule->status, 503);
  EXPECT_EQ(rule->code, 800003);
  EXPECT_EQ(rule->description, "Down.");
  EXPECT_EQ(rule->retry_after_seconds, 5);
  EXPECT_EQ(rule->count, 2);
  EXPECT_EQ(rule->probability, 0.5);
  EXPECT_EQ(rule->matched, 4);
  EXPECT_EQ(rule->fired, 2);
  EXPECT_EQ(ToJson(*rule), listed);

  Result<FaultRule> delay = ParseFaultRule(
      R"({"id":"fault-1","operation":"any","action":"delay","delay":"PT1.5S","probability":1E0,)"
      R"("matched":0,"fired":0})");
  ASSERT_TRUE(delay.ok()) << delay.error().ToString();
  EXPECT_EQ(delay->action, FaultAction::kDelay);
  EXPECT_EQ(delay->delay, milliseconds(1500));
  EXPECT_EQ(delay->count, std::nullopt);
}

TEST(StandInJsonTest, AJournalEntryRoundTrips) {
  const std::string text =
      R"({"totalCount":1,"items":[{"sequence":42,"received":"2026-12-06T21:40:16.1234567Z",)"
      R"("method":"PUT","target":"/v1/customers/c/carts/x",)"
      R"("route":"PUT /v1/customers/{customer-id}/carts/{cart-id}","partnerTenant":"p",)"
      R"("customerId":"c","requestId":"r","correlationId":"k",)"
      R"("requestHeaders":{"Authorization":"Bearer [redacted]","MS-RequestId":"r"},)"
      R"("requestBody":"{}","requestBodyTruncated":true,"status":0,"responseHeaders":{},)"
      R"("responseBody":"","latencyMs":1.25E0,"fault":"fault-1"}]})";
  Result<JournalEntryCollection> entries = ParseJournalEntryCollection(text);
  ASSERT_TRUE(entries.ok()) << entries.error().ToString();
  ASSERT_EQ(entries->items.size(), 1u);
  const JournalEntry& entry = entries->items[0];
  EXPECT_EQ(entry.sequence, 42u);
  EXPECT_EQ(FormatTimestamp(entry.received), "2026-12-06T21:40:16.1234567Z");
  EXPECT_EQ(entry.request_headers.at("ms-requestid"), "r");
  EXPECT_TRUE(entry.request_body_truncated);
  EXPECT_FALSE(entry.response_body_truncated);
  EXPECT_EQ(entry.status, 0);
  EXPECT_EQ(entry.latency_ms, 1.25);
  EXPECT_EQ(entry.fault, "fault-1");
  EXPECT_EQ(ToJson(*entries), text);
}

TEST(StandInJsonTest, TheOtherDocumentsRoundTrip) {
  const std::string clock =
      R"({"now":"2026-11-27T10:00:00.1234567Z","systemNow":"2026-11-20T10:00:00.1234567Z",)"
      R"("offset":"PT604800S"})";
  Result<StandInClock> parsed_clock = ParseStandInClock(clock);
  ASSERT_TRUE(parsed_clock.ok()) << parsed_clock.error().ToString();
  EXPECT_EQ(parsed_clock->offset, std::chrono::days(7));
  EXPECT_EQ(parsed_clock->now - parsed_clock->system_now, std::chrono::days(7));
  EXPECT_EQ(ToJson(*parsed_clock), clock);

  const std::string reset =
      R"({"customers":6,"carts":[{"partnerTenant":"p","customerId":"c","id":"x"}],"to":"demo"})";
  Result<LoadedFixtures> loaded = ParseLoadedFixtures(reset);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded->to, "demo");
  EXPECT_EQ(loaded->customers, 6);
  EXPECT_EQ(loaded->carts, (std::vector<LoadedCart>{{"p", "c", "x"}}));
  EXPECT_EQ(ToJson(*loaded), reset);
  loaded->to.clear();
  EXPECT_EQ(ToJson(*loaded),
            R"({"customers":6,"carts":[{"partnerTenant":"p","customerId":"c","id":"x"}]})");

  const std::string token = R"({"token":"a.b.c","expiresOn":"2026-11-20T11:00:00.0000000Z"})";
  Result<MintedToken> minted = ParseMintedToken(token);
  ASSERT_TRUE(minted.ok()) << minted.error().ToString();
  EXPECT_EQ(minted->token, "a.b.c");
  EXPECT_EQ(ToJson(*minted), token);

  const std::string customers =
      R"({"totalCount":1,"items":[{"partnerTenant":"p","id":"c","country":"US",)"
      R"("currency":"USD","companyName":"Contoso"}]})";
  Result<StandInCustomerCollection> listed = ParseStandInCustomerCollection(customers);
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  EXPECT_EQ(listed->items.at(0).company_name, "Contoso");
  EXPECT_EQ(ToJson(*listed), customers);

  Result<RemovedCount> removed = ParseRemovedCount(R"({"removed":3})");
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->removed, 3);
  EXPECT_EQ(ToJson(*removed), R"({"removed":3})");
}

TEST(StandInJsonTest, ErrorsNameTheMember) {
  Result<FaultRuleCollection> wrong_type =
      ParseFaultRuleCollection(R"({"totalCount":1,"items":[{"id":"fault-1","status":"429"}]})");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.error().kind, ErrorKind::kInvalidJson);
  EXPECT_EQ(wrong_type.error().description, "items[0].status: expected an integer");

  Result<FaultRule> bad_action = ParseFaultRule(R"({"action":"explode"})");
  ASSERT_FALSE(bad_action.ok());
  EXPECT_EQ(bad_action.error().kind, ErrorKind::kInvalidEnum);

  Result<StandInClock> bad_time = ParseStandInClock(R"({"now":"yesterday"})");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_EQ(bad_time.error().description, "now: expected a date-time");

  EXPECT_EQ(ParseRemovedCount("[1]").error().kind, ErrorKind::kInvalidJson);
  EXPECT_EQ(ParseRemovedCount("{").error().kind, ErrorKind::kInvalidJson);
  Result<JournalEntry> long_body =
      ParseJournalEntry(R"({"requestBody":")" + std::string(2000, 'x') + R"("})");
  ASSERT_FALSE(long_body.ok());
  EXPECT_TRUE(ParseJournalEntry(R"({"requestBody":")" + std::string(2000, 'x') + R"("})",
                                {.max_string_bytes = 4096})
                  .ok());
}

}  // namespace
}  // namespace partnercenter
