// cartctl's stand-in control commands end to end: the built cartctl against a `cartd serve --demo`
// process (which has the controls on), with the control token `cartd token --control` prints.
// Each command as a table and as JSON (exactly what the SDK's codec writes for the controls'
// document), the control token's rules, and what the controls do to cartctl's own cart commands.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "partnercenter/json.h"
#include "partnercenter/stand_in.h"
#include "tests/sdk/cartctl_fixture.h"
#include "tests/testing/cartd_process.h"

namespace partnercenter {
namespace {

using namespace cartctl_test;  // the suites share one fixture and its constants

constexpr char kSeedCart[] = "65faf57b-0205-47ee-92b3-08dcf233ea73";
constexpr char kOtherPartnerTenant[] = "5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f";
constexpr char kUnknownCart[] = "0b5e7a3c-2d41-4f6e-9a8b-7c6d5e4f3a2b";
constexpr char kFixtureCart[] = "7c1e5a9b-3d2f-4b8e-a6c4-0f9e8d7c6b5a";
constexpr ParseOptions kJournalParse{.max_depth = 32, .max_string_bytes = 1u << 20};

class CartctlControlsTest : public CartctlFixture {
 protected:
  void SetUp() override {
    StartCartd({"--provisioning-delay", "1h"});
    if (HasFatalFailure()) return;
    const RunResult control = RunToCompletion(
        CARTD_BINARY, {"token", "--control", "--data-dir", (dir_.path() / "data").string()});
    ASSERT_EQ(control.exit_code, 0) << control.err;
    control_token_ = control.out.substr(0, control.out.find_last_not_of("\r\n") + 1);
    ASSERT_TRUE(control_token_.starts_with("cartd-control-")) << control_token_;
  }

  // Runs cartctl with the server and the control token first, then `args`.
  RunResult Control(std::vector<std::string> args) {
    std::vector<std::string> argv = {"--base-url", base_url_, "--control-token", control_token_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunToCompletion(CARTCTL_BINARY, argv);
  }

  // Runs a control command with `--output json` and decodes its output with `parse`; the output
  // is exactly what the SDK writes for the document, and one newline.
  template <typename T>
  T ControlJson(std::vector<std::string> args,
                Result<T> (*parse)(std::string_view, const ParseOptions&),
                const ParseOptions& options = kJournalParse) {
    args.insert(args.begin(), {"--output", "json"});
    const RunResult run = Control(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, "");
    Result<T> value = parse(run.out, options);
    EXPECT_TRUE(value.ok()) << run.out;
    if (!value.ok()) return T{};
    EXPECT_EQ(run.out, ToJson(*value) + "\n");
    return *value;
  }

  // Expects a failure answered by the service with `code`: exit code `exit_code`, nothing on
  // standard output, one line "description (code)" on standard error.
  static void ExpectServiceError(const RunResult& run, int code, int exit_code = 3) {
    EXPECT_EQ(run.exit_code, exit_code) << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_TRUE(run.err.ends_with(" (" + std::to_string(code) + ")\n")) << run.err;
    EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << run.err;
  }

  static void ExpectUsageError(const RunResult& run, std::string_view says) {
    EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find(says), std::string::npos) << run.err;
  }

  std::string control_token_;
};

// --- clock -----------------------------------------------------------------------------------

TEST_F(CartctlControlsTest, ClockShowAdvanceAndSet) {
  const RunResult shown = Control({"clock"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.err, "");
  EXPECT_TRUE(shown.out.starts_with("Now         ")) << shown.out;
  EXPECT_NE(shown.out.find("\nSystem now  "), std::string::npos) << shown.out;
  EXPECT_TRUE(shown.out.ends_with("\nOffset      0s (PT0S)\n")) << shown.out;
  const StandInClock start = ControlJson<StandInClock>({"clock", "show"}, ParseStandInClock);
  EXPECT_EQ(start.offset, std::chrono::milliseconds(0));

  const StandInClock week =
      ControlJson<StandInClock>({"clock", "advance", "7d"}, ParseStandInClock);
  EXPECT_EQ(week.offset, std::chrono::days(7));
  EXPECT_GE(week.now - start.now, std::chrono::days(7));
  const RunResult day = Control({"clock", "advance", "P1DT12H"});
  ASSERT_EQ(day.exit_code, 0) << day.err;
  EXPECT_TRUE(day.out.ends_with("\nOffset      8d12h (PT734400S)\n")) << day.out;

  const StandInClock set =
      ControlJson<StandInClock>({"clock", "set", "2090-01-01T00:00:00Z"}, ParseStandInClock);
  // The node's system clock runs on while the answer is made.
  const Timestamp target = *ParseTimestamp("2090-01-01T00:00:00Z");
  EXPECT_GE(set.now, target);
  EXPECT_LT(set.now, target + std::chrono::seconds(10));
  EXPECT_GT(set.offset, std::chrono::days(365 * 50));

  // Backwards and months: the service refuses (400, 800002); a time cartctl cannot read, or no
  // duration: usage.
  ExpectServiceError(Control({"clock", "set", "2080-01-01T00:00:00Z"}), 800002);
  ExpectServiceError(Control({"clock", "advance", "P1M"}), 800002);
  ExpectUsageError(Control({"clock", "set", "yesterday"}), "2030-01-01T00:00:00Z");
  ExpectUsageError(Control({"clock", "advance"}), "DURATION");
  EXPECT_GE(ControlJson<StandInClock>({"clock"}, ParseStandInClock).now, set.now);
}

// --- faults ----------------------------------------------------------------------------------

TEST_F(CartctlControlsTest, FaultsAddListAndClear) {
  const RunResult added = Control({"faults", "add", "--operation", "update", "--status", "429",
                                   "--retry-after", "2", "--count", "2"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.err, "");
  EXPECT_EQ(added.out,
            "Rule         fault-1\n"
            "Operation    update\n"
            "Partner      any\n"
            "Customer     any\n"
            "Action       error\n"
            "Status       429\n"
            "Code         -\n"
            "Description  Rate limit is exceeded.\n"
            "Retry-After  2s\n"
            "Count        2\n"
            "Probability  1\n"
            "Matched      0\n"
            "Fired        0\n");

  // --delay alone means a delay rule.
  const FaultRule delay = ControlJson<FaultRule>(
      {"faults", "add", "--operation", "get", "--delay", "1500ms", "--probability", "0.5"},
      ParseFaultRule);
  EXPECT_EQ(delay.id, "fault-2");
  EXPECT_EQ(delay.action, FaultAction::kDelay);
  EXPECT_EQ(delay.delay, std::chrono::milliseconds(1500));
  EXPECT_EQ(delay.probability, 0.5);
  const FaultRule drop =
      ControlJson<FaultRule>({"faults", "add", "--action", "drop", "--operation", "create",
                              "--customer", kCustomer, "--partner", kPartnerTenant},
                             ParseFaultRule);
  EXPECT_EQ(drop.action, FaultAction::kDrop);
  EXPECT_EQ(drop.customer, kCustomer);
  EXPECT_EQ(drop.partner, kPartnerTenant);
  const FaultRule outage = ControlJson<FaultRule>(
      {"faults", "add", "--status", "500", "--code", "800099", "--description", "Down for tea"},
      ParseFaultRule);
  EXPECT_EQ(outage.operation, "any");
  EXPECT_EQ(outage.code, 800099);
  EXPECT_EQ(outage.description, "Down for tea");

  const FaultRuleCollection listed =
      ControlJson<FaultRuleCollection>({"faults", "list"}, ParseFaultRuleCollection);
  EXPECT_EQ(listed.total_count, 4);
  ASSERT_EQ(listed.items.size(), 4u);
  EXPECT_EQ(listed.items[1], delay);
  const RunResult table = Control({"faults", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  const std::string header = table.out.substr(0, table.out.find('\n'));
  EXPECT_EQ(header,
            "ID       OPERATION  PARTNER                               CUSTOMER                    "
            "          ACTION  EFFECT              COUNT      PROBABILITY  MATCHED  FIRED");
  EXPECT_NE(table.out.find("\nfault-1  update     any"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("error   429 retry-after 2s  2          1            0        0\n"),
            std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("delay   1s500ms             unlimited  0.5"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("error   500 code 800099"), std::string::npos) << table.out;
  EXPECT_TRUE(table.out.ends_with("\n4 rules\n")) << table.out;

  const RunResult one = Control({"faults", "clear", "fault-2"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, "Removed 1 fault rule\n");
  EXPECT_EQ(Control({"faults", "clear", "fault-2"}).exit_code, 3);
  const RemovedCount rest = ControlJson<RemovedCount>({"faults", "clear"}, ParseRemovedCount);
  EXPECT_EQ(rest.removed, 3);
  const RunResult none = Control({"faults", "list"});
  EXPECT_TRUE(none.out.ends_with("\n0 rules\n")) << none.out;

  // Flags that do not go together; values the service refuses.
  ExpectUsageError(Control({"faults", "add", "--action", "drop", "--delay", "2s"}), "--delay");
  ExpectUsageError(Control({"faults", "add", "--action", "delay", "--status", "500"}), "--status");
  ExpectUsageError(Control({"faults", "add", "--action", "delay"}), "--delay");
  ExpectUsageError(Control({"faults", "add", "--delay", "soon"}), "soon");
  ExpectUsageError(Control({"faults", "add", "--action", "explode"}), "explode");
  ExpectServiceError(Control({"faults", "add", "--status", "200"}), 800002);
  ExpectServiceError(Control({"faults", "add", "--operation", "delete"}), 800002);
}

TEST_F(CartctlControlsTest, AnArmedFaultIsWhatCartctlsOwnCommandsMeet) {
  // An outage of cart reads: every attempt of cartctl's GET gets 503/800003; exit code 4.
  ASSERT_EQ(Control({"faults", "add", "--operation", "get", "--status", "503"}).exit_code, 0);
  ExpectServiceError(Cartctl({"carts", "get", kSeedCart}), 800003, /*exit_code=*/4);
  const FaultRuleCollection rules =
      ControlJson<FaultRuleCollection>({"faults", "list"}, ParseFaultRuleCollection);
  ASSERT_EQ(rules.items.size(), 1u);
  EXPECT_EQ(rules.items[0].fired, 3);  // cartctl tried three times

  // Throttled once: cartctl's retry gets through.
  ASSERT_EQ(Control({"faults", "clear"}).exit_code, 0);
  ASSERT_EQ(
      Control({"faults", "add", "--operation", "get", "--status", "429", "--count", "1"}).exit_code,
      0);
  const RunResult got = Cartctl({"carts", "get", kSeedCart});
  EXPECT_EQ(got.exit_code, 0) << got.err;
  const JournalEntryCollection journal = ControlJson<JournalEntryCollection>(
      {"requests", "tail", "--limit", "2"}, ParseJournalEntryCollection);
  ASSERT_EQ(journal.items.size(), 2u);
  EXPECT_EQ(journal.items[0].status, 200);
  EXPECT_EQ(journal.items[1].status, 429);
  EXPECT_EQ(journal.items[1].fault, "fault-2");
  EXPECT_EQ(journal.items[0].request_id, journal.items[1].request_id);
}

// --- requests --------------------------------------------------------------------------------

TEST_F(CartctlControlsTest, RequestsTailAndClear) {
  const RunResult empty = Control({"requests", "tail"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(empty.out, "SEQ  RECEIVED  METHOD  STATUS  LATENCY  FAULT  TARGET\n0 requests\n");

  ASSERT_EQ(Cartctl({"carts", "get", kSeedCart}).exit_code, 0);
  ASSERT_EQ(Cartctl({"carts", "get", kUnknownCart}).exit_code, 3);
  const RunResult table = Control({"requests", "tail"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(table.out.starts_with("SEQ  RECEIVED                      METHOD  STATUS  LATENCY"))
      << table.out;
  const std::string seed_target = "/v1/customers/" + std::string(kCustomer) + "/carts/" + kSeedCart;
  // Newest first: the read of no cart, then the seed cart's.
  const std::size_t refused = table.out.find("\n2    ");
  const std::size_t read = table.out.find("\n1    ");
  ASSERT_NE(refused, std::string::npos) << table.out;
  ASSERT_NE(read, std::string::npos) << table.out;
  EXPECT_LT(refused, read);
  EXPECT_NE(table.out.find("GET     404"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("GET     200"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("  -      " + seed_target + "\n"), std::string::npos) << table.out;
  EXPECT_TRUE(table.out.ends_with("\n2 requests\n")) << table.out;

  const JournalEntryCollection mine = ControlJson<JournalEntryCollection>(
      {"requests", "tail", "--customer", kCustomer, "--partner", kPartnerTenant},
      ParseJournalEntryCollection);
  ASSERT_EQ(mine.items.size(), 2u);
  EXPECT_EQ(mine.items[1].target, seed_target);
  EXPECT_EQ(mine.items[1].status, 200);
  EXPECT_EQ(mine.items[1].request_headers.at("Authorization"), "Bearer [redacted]");
  EXPECT_EQ(mine.items[1].request_headers.at("MS-PartnerCenter-Client"), "Partner Center C++ SDK");
  EXPECT_EQ(mine.items[0].status, 404);
  const RunResult others = Control({"requests", "tail", "--partner", kOtherPartnerTenant});
  EXPECT_TRUE(others.out.ends_with("\n0 requests\n")) << others.out;
  const JournalEntryCollection latest = ControlJson<JournalEntryCollection>(
      {"requests", "tail", "--limit", "1"}, ParseJournalEntryCollection);
  ASSERT_EQ(latest.items.size(), 1u);
  EXPECT_EQ(latest.items[0].status, 404);
  const RunResult future = Control({"requests", "tail", "--since", "2100-01-01T00:00:00Z"});
  EXPECT_TRUE(future.out.ends_with("\n0 requests\n")) << future.out;
  ExpectServiceError(Control({"requests", "tail", "--partner", "nobody"}), 800002);
  ExpectUsageError(Control({"requests", "tail", "--since", "later"}), "later");

  const RunResult cleared = Control({"requests", "clear"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_EQ(cleared.out, "Removed 2 journal entries\n");
  EXPECT_EQ(ControlJson<RemovedCount>({"requests", "clear"}, ParseRemovedCount).removed, 0);
}

TEST_F(CartctlControlsTest, RequestsTailFollowPrintsNewRequestsUntilInterrupted) {
  ASSERT_EQ(Cartctl({"carts", "get", kSeedCart}).exit_code, 0);
  cartd::test::CartdProcess tail(
      CARTCTL_BINARY,
      {"--base-url", base_url_, "requests", "tail", "--follow", "--interval", "100ms"},
      {{"CARTD_CONTROL_TOKEN", control_token_}}, dir_.path() / "tail.log");
  ASSERT_TRUE(tail.started());
  const std::optional<std::string> header = tail.ReadLine();
  ASSERT_TRUE(header.has_value());
  EXPECT_TRUE(header->starts_with("SEQ    RECEIVED                      METHOD  STATUS   LATENCY"))
      << *header;
  // What the journal held already, then each new request, oldest first.
  const std::optional<std::string> first = tail.ReadLine();
  ASSERT_TRUE(first.has_value()) << tail.Log();
  EXPECT_TRUE(first->starts_with("1      ")) << *first;
  EXPECT_NE(first->find("GET     200"), std::string::npos) << *first;

  ASSERT_EQ(Cartctl({"carts", "get", kUnknownCart}).exit_code, 3);
  ASSERT_EQ(Cartctl({"carts", "get", kSeedCart}).exit_code, 0);
  const std::optional<std::string> second = tail.ReadLine();
  const std::optional<std::string> third = tail.ReadLine();
  ASSERT_TRUE(second.has_value() && third.has_value()) << tail.Log();
  EXPECT_TRUE(second->starts_with("2      ")) << *second;
  EXPECT_NE(second->find("GET     404"), std::string::npos) << *second;
  EXPECT_TRUE(third->starts_with("3      ")) << *third;
  EXPECT_NE(third->find("GET     200"), std::string::npos) << *third;

  tail.Signal(SIGINT);
  EXPECT_EQ(tail.Wait(), 0) << tail.Log();
  EXPECT_EQ(tail.ReadLine(), std::nullopt);
  EXPECT_EQ(tail.Log(), "");
}

// --- reset, fixtures, customers --------------------------------------------------------------

TEST_F(CartctlControlsTest, ResetToEmptyThenToDemo) {
  const RunResult empty = Control({"reset", "--empty"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(empty.out,
            "Reset to   empty\n"
            "Customers  0\n"
            "Carts      0\n");
  const RunResult no_customers = Control({"customers", "list"});
  EXPECT_EQ(no_customers.out, "PARTNER  ID  COUNTRY  CURRENCY  COMPANY\n0 customers\n");
  EXPECT_EQ(Cartctl({"carts", "get", kSeedCart}).exit_code, 3);

  const RunResult demo = Control({"reset"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_EQ(demo.out,
            std::string("Reset to   demo\n"
                        "Customers  6\n"
                        "Carts      1\n"
                        "\n"
                        "PARTNER                               CUSTOMER                   "
                        "           CART\n") +
                kPartnerTenant + "  " + kCustomer + "  " + kSeedCart + "\n");
  EXPECT_EQ(Cartctl({"carts", "get", kSeedCart}).exit_code, 0);
  const LoadedFixtures again = ControlJson<LoadedFixtures>({"reset"}, ParseLoadedFixtures);
  EXPECT_EQ(again.to, "demo");
  EXPECT_EQ(again.customers, 6);

  const RunResult customers = Control({"customers", "list"});
  ASSERT_EQ(customers.exit_code, 0) << customers.err;
  EXPECT_TRUE(customers.out.ends_with("\n6 customers\n")) << customers.out;
  EXPECT_NE(
      customers.out.find(std::string(kCustomer) + "  US       USD       Contoso (seed customer)"),
      std::string::npos)
      << customers.out;
  const StandInCustomerCollection other = ControlJson<StandInCustomerCollection>(
      {"customers", "list", "--partner", kOtherPartnerTenant}, ParseStandInCustomerCollection);
  ASSERT_EQ(other.items.size(), 1u);
  EXPECT_EQ(other.items[0].company_name, "Adventure Works");
}

TEST_F(CartctlControlsTest, FixturesLoadThenTheCartIsReadable) {
  const std::filesystem::path file = dir_.path() / "fixtures.json";
  std::ofstream(file) << R"({"carts": [{"partnerTenant": ")" << kPartnerTenant
                      << R"(", "customerId": ")" << kCustomer << R"(",
      "cart": {"id": ")"
                      << kFixtureCart
                      << R"(", "lineItems": [{"catalogItemId": "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",
        "quantity": 9, "billingCycle": "monthly", "termDuration": "P1M"}]}}]})";
  const RunResult loaded = Control({"fixtures", "load", file.string()});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  EXPECT_EQ(loaded.out,
            std::string("Customers  0\n"
                        "Carts      1\n"
                        "\n"
                        "PARTNER                               CUSTOMER                 "
                        "             CART\n") +
                kPartnerTenant + "  " + kCustomer + "  " + kFixtureCart + "\n");

  const Cart cart = JsonOf<Cart>({"carts", "get", kFixtureCart}, ParseCart);
  ASSERT_EQ(cart.line_items.size(), 1u);
  EXPECT_EQ(cart.line_items[0].quantity, 9);
  EXPECT_EQ(cart.status, CartStatus::kActive);

  const LoadedFixtures json =
      ControlJson<LoadedFixtures>({"fixtures", "load", file.string()}, ParseLoadedFixtures);
  EXPECT_EQ(json.to, "");
  ASSERT_EQ(json.carts.size(), 1u);
  EXPECT_EQ(json.carts[0].id, kFixtureCart);

  ExpectUsageError(Control({"fixtures", "load", (dir_.path() / "missing.json").string()}),
                   "cannot open the file");
  const std::filesystem::path bad = dir_.path() / "bad.json";
  std::ofstream(bad) << R"({"carts": 3})";
  ExpectServiceError(Control({"fixtures", "load", bad.string()}), 800002);
}

// --- tokens, and the clock as cartctl's cart commands meet it ---------------------------------

TEST_F(CartctlControlsTest, TokensMintedOnCartdsClockOutliveTheOldOnes) {
  ASSERT_EQ(Control({"clock", "advance", "2d"}).exit_code, 0);
  // The token `cartd token` minted on the system's clock has expired on cartd's.
  ExpectServiceError(Cartctl({"carts", "get", kSeedCart}), 900420);

  const RunResult minted = Control({"token", "mint", "--tenant", kPartnerTenant, "--user", kUser});
  ASSERT_EQ(minted.exit_code, 0) << minted.err;
  EXPECT_EQ(minted.err, "");
  const std::string token = minted.out.substr(0, minted.out.size() - 1);
  EXPECT_EQ(minted.out, token + "\n");
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2) << token;
  const RunResult read =
      RunToCompletion(CARTCTL_BINARY, {"--base-url", base_url_, "--token", token, "--customer",
                                       kCustomer, "carts", "get", kSeedCart});
  EXPECT_EQ(read.exit_code, 0) << read.err;

  const MintedToken app =
      ControlJson<MintedToken>({"token", "mint", "--tenant", kPartnerTenant, "--app",
                                "a1b2c3d4-0000-4000-8000-000000000001", "--ttl", "PT2H"},
                               ParseMintedToken);
  EXPECT_FALSE(app.token.empty());
  const StandInClock clock = ControlJson<StandInClock>({"clock"}, ParseStandInClock);
  EXPECT_GT(app.expires_on, clock.now + std::chrono::minutes(119));
  EXPECT_LE(app.expires_on, clock.now + std::chrono::hours(2));

  ExpectUsageError(Control({"token", "mint", "--tenant", kPartnerTenant}), "--user");
  ExpectUsageError(
      Control({"token", "mint", "--tenant", kPartnerTenant, "--user", kUser, "--app", "a"}),
      "excludes");
  ExpectServiceError(Control({"token", "mint", "--tenant", "nobody", "--user", kUser}), 800002);
}

// --- the control token -----------------------------------------------------------------------

TEST_F(CartctlControlsTest, TheControlTokenIsRequiredAndOnlyItWorks) {
  const RunResult missing = RunToCompletion(CARTCTL_BINARY, {"--base-url", base_url_, "clock"});
  ExpectUsageError(missing, "CARTD_CONTROL_TOKEN");
  // A partner's token is refused with cartd's own code.
  ExpectServiceError(RunToCompletion(CARTCTL_BINARY,
                                     {"--base-url", base_url_, "--control-token", token_, "clock"}),
                     800101);
  ExpectServiceError(RunToCompletion(CARTCTL_BINARY, {"--base-url", base_url_, "--control-token",
                                                      "cartd-control-nope", "faults", "list"}),
                     900420);
  // From the environment; the option wins over it.
  const RunResult from_env = RunToCompletion(CARTCTL_BINARY, {"--base-url", base_url_, "clock"},
                                             {{"CARTD_CONTROL_TOKEN", control_token_}});
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  ExpectServiceError(
      RunToCompletion(CARTCTL_BINARY, {"--base-url", base_url_, "--control-token", token_, "clock"},
                      {{"CARTD_CONTROL_TOKEN", control_token_}}),
      800101);
  // Global options come before or after the command.
  const RunResult after = RunToCompletion(CARTCTL_BINARY, {"clock", "show", "--base-url", base_url_,
                                                           "--control-token", control_token_});
  EXPECT_EQ(after.exit_code, 0) << after.err;
}

}  // namespace
}  // namespace partnercenter
