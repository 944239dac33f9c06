// RequestJournal: the order and filters of Find, the redaction of Authorization, the cut bodies
// and the two bounds of the ring (entries and bytes).
#include "controls/request_journal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "tests/testing/record_builders.h"

namespace cartd::controls {
namespace {

using test::TestTime;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::Pair;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kOtherPartner[] = "f3a4e0b1-2c5d-4e6f-8a9b-0c1d2e3f4a5b";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kOtherCustomer[] = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5";

// An entry received `seconds` after TestTime(), told apart by its request id.
JournalEntry MakeEntry(const std::string& request_id, int seconds = 0,
                       const std::string& partner_tenant = kPartner,
                       const std::string& customer_id = kCustomer) {
  JournalEntry entry;
  entry.received = TestTime(std::chrono::seconds(seconds));
  entry.method = "GET";
  entry.target = "/v1/customers/" + customer_id + "/carts/" + request_id;
  entry.status = 200;
  entry.request_id = request_id;
  entry.partner_tenant = partner_tenant;
  entry.customer_id = customer_id;
  entry.route = "GET /v1/customers/{customer-id}/carts/{cart-id}";
  return entry;
}

// A query naming every member (designated initializers would leave some out).
JournalQuery Query(std::size_t limit, const std::string& partner_tenant = "",
                   const std::string& customer_id = "",
                   std::optional<Timestamp> since = std::nullopt) {
  return JournalQuery{limit, partner_tenant, customer_id, since};
}

std::vector<std::string> RequestIds(const std::vector<JournalEntry>& entries) {
  std::vector<std::string> ids;
  for (const JournalEntry& entry : entries) ids.push_back(entry.request_id);
  return ids;
}

TEST(RequestJournalTest, FindReturnsTheNewestFirstWithSequenceNumbers) {
  RequestJournal journal;
  journal.Record(MakeEntry("a", 1));
  journal.Record(MakeEntry("b", 2));
  journal.Record(MakeEntry("c", 3));
  std::vector<JournalEntry> found = journal.Find({});
  EXPECT_THAT(RequestIds(found), ElementsAre("c", "b", "a"));
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].sequence, 3u);
  EXPECT_EQ(found[1].sequence, 2u);
  EXPECT_EQ(found[2].sequence, 1u);
  EXPECT_EQ(found[0].received, TestTime(std::chrono::seconds(3)));
  EXPECT_EQ(found[0].method, "GET");
  EXPECT_EQ(found[0].status, 200);
  EXPECT_EQ(journal.size(), 3u);
}

TEST(RequestJournalTest, FindReturnsAtMostTheLimit) {
  RequestJournal journal;
  for (int i = 0; i < 10; ++i) journal.Record(MakeEntry("r" + std::to_string(i), i));
  EXPECT_THAT(RequestIds(journal.Find(Query(3))), ElementsAre("r9", "r8", "r7"));
  EXPECT_THAT(journal.Find(Query(0)), IsEmpty());
  EXPECT_EQ(journal.Find(Query(100)).size(), 10u);
}

TEST(RequestJournalTest, FindFiltersByPartnerCustomerAndTime) {
  RequestJournal journal;
  journal.Record(MakeEntry("p1-c1-early", 10, kPartner, kCustomer));
  journal.Record(MakeEntry("p1-c2", 20, kPartner, kOtherCustomer));
  journal.Record(MakeEntry("p2-c1", 30, kOtherPartner, kCustomer));
  journal.Record(MakeEntry("p1-c1-late", 40, kPartner, kCustomer));
  journal.Record(MakeEntry("unauthenticated", 50, "", ""));

  EXPECT_THAT(RequestIds(journal.Find(Query(100, kPartner))),
              ElementsAre("p1-c1-late", "p1-c2", "p1-c1-early"));
  EXPECT_THAT(RequestIds(journal.Find(Query(100, "", kCustomer))),
              ElementsAre("p1-c1-late", "p2-c1", "p1-c1-early"));
  EXPECT_THAT(RequestIds(journal.Find(Query(100, kPartner, kCustomer))),
              ElementsAre("p1-c1-late", "p1-c1-early"));
  // `since` is inclusive.
  EXPECT_THAT(RequestIds(journal.Find(Query(100, "", "", TestTime(std::chrono::seconds(30))))),
              ElementsAre("unauthenticated", "p1-c1-late", "p2-c1"));
  EXPECT_THAT(
      RequestIds(journal.Find(Query(100, kPartner, "", TestTime(std::chrono::seconds(15))))),
      ElementsAre("p1-c1-late", "p1-c2"));
  EXPECT_THAT(journal.Find(Query(100, "", "", TestTime(std::chrono::seconds(51)))), IsEmpty());
  // The limit counts the entries found, not the entries looked at.
  EXPECT_THAT(RequestIds(journal.Find(Query(1, kOtherPartner))), ElementsAre("p2-c1"));
}

TEST(RequestJournalTest, AuthorizationIsRedactedWhateverItsCase) {
  RequestJournal journal;
  JournalEntry entry = MakeEntry("a");
  entry.request_headers = {
      {"Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.payload.signature"},
      {"MS-RequestId", "9f1c0d4e-0a47-4a53-9f2b-0c6e1a2b3c4d"},
      {"authorization", "Bearer second"},
      {"AUTHORIZATION", "Basic dXNlcjpwYXNz"},
      {"aUtHoRiZaTiOn", "token-without-scheme"},
      {"Content-Type", "application/json"},
      {"X-Authorization-Hint", "kept"},
  };
  entry.response_headers = {{"Content-Type", "application/json"}, {"ETag", "\"3\""}};
  journal.Record(entry);

  std::vector<JournalEntry> found = journal.Find({});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_THAT(
      found[0].request_headers,
      ElementsAre(Pair("Authorization", "Bearer [redacted]"),
                  Pair("MS-RequestId", "9f1c0d4e-0a47-4a53-9f2b-0c6e1a2b3c4d"),
                  Pair("authorization", "Bearer [redacted]"),
                  Pair("AUTHORIZATION", "Basic [redacted]"), Pair("aUtHoRiZaTiOn", "[redacted]"),
                  Pair("Content-Type", "application/json"), Pair("X-Authorization-Hint", "kept")));
  EXPECT_THAT(found[0].response_headers,
              ElementsAre(Pair("Content-Type", "application/json"), Pair("ETag", "\"3\"")));
}

TEST(RequestJournalTest, RedactAuthorizationKeepsOnlyTheScheme) {
  EXPECT_EQ(RedactAuthorization("Bearer eyJ0eXAiOiJKV1QifQ.e30.sig"), "Bearer [redacted]");
  EXPECT_EQ(RedactAuthorization("Basic dXNlcjpwYXNz"), "Basic [redacted]");
  EXPECT_EQ(RedactAuthorization("eyJ0eXAiOiJKV1QifQ.e30.sig"), "[redacted]");
  EXPECT_EQ(RedactAuthorization(""), "[redacted]");
}

TEST(RequestJournalTest, LongBodiesAreCutAndMarkedTruncated) {
  RequestJournal journal({.max_entries = 10, .max_bytes = 1 << 20, .max_body_bytes = 8});
  JournalEntry entry = MakeEntry("long");
  entry.request_body = "0123456789abcdef";
  entry.response_body = "ABCDEFGHIJ";
  journal.Record(entry);
  JournalEntry exact = MakeEntry("exact");
  exact.request_body = "01234567";
  exact.response_body = "";
  journal.Record(exact);

  std::vector<JournalEntry> found = journal.Find({});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].request_body, "01234567");
  EXPECT_TRUE(found[1].request_body_truncated);
  EXPECT_EQ(found[1].response_body, "ABCDEFGH");
  EXPECT_TRUE(found[1].response_body_truncated);
  // A body of exactly max_body_bytes is whole.
  EXPECT_EQ(found[0].request_body, "01234567");
  EXPECT_FALSE(found[0].request_body_truncated);
  EXPECT_EQ(found[0].response_body, "");
  EXPECT_FALSE(found[0].response_body_truncated);
}

TEST(RequestJournalTest, AtMostMaxEntriesAreKeptTheOldestGoingFirst) {
  RequestJournal journal({.max_entries = 3, .max_bytes = 1 << 20, .max_body_bytes = 1024});
  for (int i = 1; i <= 7; ++i) {
    journal.Record(MakeEntry("r" + std::to_string(i), i));
    EXPECT_EQ(journal.size(), static_cast<std::size_t>(std::min(i, 3))) << i;
  }
  std::vector<JournalEntry> found = journal.Find({});
  EXPECT_THAT(RequestIds(found), ElementsAre("r7", "r6", "r5"));
  EXPECT_THAT(found,
              ElementsAre(Field(&JournalEntry::sequence, 7u), Field(&JournalEntry::sequence, 6u),
                          Field(&JournalEntry::sequence, 5u)));
}

TEST(RequestJournalTest, AtMostMaxBytesAreKeptTheOldestGoingFirst) {
  // Room for a few entries with 1000-byte bodies (each entry also counts its own bookkeeping).
  const std::size_t max_bytes = 4 * (sizeof(JournalEntry) + 2000);
  RequestJournal journal({.max_entries = 1000, .max_bytes = max_bytes, .max_body_bytes = 4096});
  for (int i = 1; i <= 20; ++i) {
    JournalEntry entry = MakeEntry("r" + std::to_string(i), i);
    entry.request_body = std::string(1000, 'q');
    entry.response_body = std::string(1000, 's');
    journal.Record(entry);
    EXPECT_LE(journal.bytes(), max_bytes) << i;
  }
  std::vector<JournalEntry> found = journal.Find(Query(1000));
  ASSERT_GE(found.size(), 1u);
  EXPECT_LT(found.size(), 20u);
  EXPECT_EQ(found.size(), journal.size());
  // The newest are kept, whole and in order; the oldest went first.
  EXPECT_EQ(found.front().request_id, "r20");
  EXPECT_EQ(found.front().sequence, 20u);
  for (std::size_t i = 0; i < found.size(); ++i) {
    EXPECT_EQ(found[i].request_id, "r" + std::to_string(20 - i));
    EXPECT_EQ(found[i].request_body.size(), 1000u);
    EXPECT_FALSE(found[i].request_body_truncated);
  }
}

TEST(RequestJournalTest, AnEntryLargerThanMaxBytesIsKeptWithoutItsBodies) {
  const std::size_t max_bytes = sizeof(JournalEntry) + 1500;
  RequestJournal journal({.max_entries = 10, .max_bytes = max_bytes, .max_body_bytes = 4096});
  journal.Record(MakeEntry("small", 1));
  JournalEntry big = MakeEntry("big", 2);
  big.request_body = std::string(1000, 'q');
  big.response_body = std::string(1000, 's');
  journal.Record(big);

  std::vector<JournalEntry> found = journal.Find({});
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].request_id, "big");
  EXPECT_EQ(found[0].request_body, "");
  EXPECT_TRUE(found[0].request_body_truncated);
  EXPECT_EQ(found[0].response_body, "");
  EXPECT_TRUE(found[0].response_body_truncated);
  EXPECT_LE(journal.bytes(), max_bytes);

  // An empty body is not marked truncated.
  JournalEntry one_sided = MakeEntry("one-sided", 3);
  one_sided.response_body = std::string(2000, 's');
  journal.Record(one_sided);
  found = journal.Find({});
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].request_id, "one-sided");
  EXPECT_EQ(found[0].response_body, "");
  EXPECT_TRUE(found[0].response_body_truncated);
  EXPECT_FALSE(found[0].request_body_truncated);
  EXPECT_LE(journal.bytes(), max_bytes);
}

TEST(RequestJournalTest, ClearForgetsEverythingAndReturnsTheCount) {
  RequestJournal journal;
  EXPECT_EQ(journal.Clear(), 0u);
  for (int i = 0; i < 5; ++i) journal.Record(MakeEntry("r" + std::to_string(i), i));
  EXPECT_GT(journal.bytes(), 0u);
  EXPECT_EQ(journal.Clear(), 5u);
  EXPECT_EQ(journal.size(), 0u);
  EXPECT_EQ(journal.bytes(), 0u);
  EXPECT_THAT(journal.Find({}), IsEmpty());
  // Sequence numbers go on after a clear.
  journal.Record(MakeEntry("after"));
  std::vector<JournalEntry> found = journal.Find({});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].sequence, 6u);
}

TEST(RequestJournalTest, BytesCountWhatIsKept) {
  RequestJournal journal;
  EXPECT_EQ(journal.bytes(), 0u);
  JournalEntry entry = MakeEntry("a");
  entry.request_body = std::string(500, 'x');
  journal.Record(entry);
  const std::size_t one = journal.bytes();
  EXPECT_GE(one, sizeof(JournalEntry) + 500);
  journal.Record(entry);
  EXPECT_EQ(journal.bytes(), 2 * one);
}

TEST(RequestJournalTest, OptionsAreKept) {
  RequestJournal journal({.max_entries = 5, .max_bytes = 6000, .max_body_bytes = 70});
  EXPECT_EQ(journal.options().max_entries, 5u);
  EXPECT_EQ(journal.options().max_bytes, 6000u);
  EXPECT_EQ(journal.options().max_body_bytes, 70u);
}

TEST(RequestJournalTest, WhatIsKeptIsUtf8) {
  RequestJournal journal;
  JournalEntry entry;
  entry.method = "PUT";
  entry.target = "/v1/x";
  entry.request_body = "{\"x\":\"caf\xe9\"}";                    // Latin-1, not UTF-8
  entry.request_headers = {{"X-Note", "\xff\xfe ok \xc3\xa9"}};  // the last two bytes are "é"
  journal.Record(entry);
  const std::vector<JournalEntry> kept = journal.Find(JournalQuery{});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].request_body, "{\"x\":\"caf\xef\xbf\xbd\"}");
  EXPECT_EQ(kept[0].request_headers[0].second, "\xef\xbf\xbd\xef\xbf\xbd ok \xc3\xa9");
}

}  // namespace
}  // namespace cartd::controls
