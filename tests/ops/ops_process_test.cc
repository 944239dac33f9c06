// `cartd serve` as a process: configuration from flags, environment and file; the log on
// standard error; SIGTERM draining a burst of slow requests; SIGHUP reloading the catalog; HTTPS;
// and the rate limit's 429 with its recovery.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "partnercenter/json.h"
#include "tests/ops/reload_catalog.h"
#include "tests/testing/cartd_process.h"
#include "tests/testing/raw_http.h"
#include "tests/testing/test_certificate.h"

namespace cartd::test {
namespace {

constexpr char kCartd[] = CARTD_BINARY;
constexpr char kPartnerTenant[] = "9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
constexpr char kUser[] = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc";
constexpr char kCustomer[] = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d";
constexpr char kSeedCart[] = "65faf57b-0205-47ee-92b3-08dcf233ea73";

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string CartsPath() { return std::string("/v1/customers/") + kCustomer + "/carts"; }
std::string CartPath(const std::string& cart) { return CartsPath() + "/" + cart; }

std::string Line(const std::string& item, int quantity) {
  return R"({"catalogItemId":")" + item + R"(","quantity":)" + std::to_string(quantity) +
         R"(,"billingCycle":"monthly","termDuration":"P1M"})";
}

std::string CartBody(const std::string& item, int quantity, int lines = 1) {
  std::string body = R"({"lineItems":[)";
  for (int i = 0; i < lines; ++i) {
    if (i > 0) body += ',';
    body += Line(item, quantity);
  }
  return body + "]}";
}

constexpr char kDemoItem[] = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";

// Every line of a log, parsed; lines that are not JSON objects fail the test.
std::vector<boost::json::object> ParseLog(const std::string& text) {
  std::vector<boost::json::object> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    boost::system::error_code error;
    boost::json::value value = boost::json::parse(line, error);
    if (error || !value.is_object()) {
      ADD_FAILURE() << "not a JSON log line: " << line;
      continue;
    }
    lines.push_back(std::move(value).as_object());
  }
  return lines;
}

std::vector<std::string> EventNames(const std::vector<boost::json::object>& lines) {
  std::vector<std::string> events;
  for (const auto& line : lines) events.emplace_back(line.at("event").as_string());
  return events;
}

class ProcessTest : public ::testing::Test {
 protected:
  // Starts `cartd serve` with `args` on a free port and this test's data directory, and waits
  // for its banner.
  std::unique_ptr<CartdProcess> Serve(std::vector<std::string> args,
                                      const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), {"serve", "--listen", "127.0.0.1:0"});
    if (std::find(args.begin(), args.end(), "--data-dir") == args.end()) {
      args.insert(args.end(), {"--data-dir", (dir_.path() / "data").string()});
    }
    auto process = std::make_unique<CartdProcess>(kCartd, args, env, log_file());
    EXPECT_TRUE(process->started());
    port_ = process->WaitUntilListening().value_or(0);
    EXPECT_NE(port_, 0) << process->Log();
    return process;
  }

  std::filesystem::path log_file() const { return dir_.path() / "cartd.log"; }

  // A development token of the demo partner, minted by `cartd token` from the data directory.
  std::string Token() {
    const RunResult token =
        RunToCompletion(kCartd, {"token", "--data-dir", (dir_.path() / "data").string(), "--tenant",
                                 kPartnerTenant, "--user", kUser});
    EXPECT_EQ(token.exit_code, 0) << token.err;
    return token.out.substr(0, token.out.find_last_not_of("\r\n") + 1);
  }

  RawResponse Send(const std::string& method, const std::string& target,
                   const std::string& body = "", Headers headers = {}) {
    RawConnection connection(port_);
    return connection.Exchange(FormatRequest(method, target, body, headers));
  }

  static Headers Auth(const std::string& token) {
    return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
  }

  TempDir dir_;
  std::uint16_t port_ = 0;
};

// --- configuration -------------------------------------------------------------------------

TEST_F(ProcessTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  const std::filesystem::path config = dir_.path() / "cartd.toml";
  WriteFile(config, "server_id = \"FROM-FILE\"\n");
  auto server_id = [&](const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env) {
    auto process = Serve(args, env);
    const RawResponse response = Send("GET", "/healthz");
    process->Signal(SIGTERM);
    EXPECT_EQ(process->Wait(), 0);
    return std::string(response.headers.Get("MS-ServerId"));
  };
  const std::map<std::string, std::string> env = {{"CARTD_SERVER_ID", "FROM-ENV"}};
  EXPECT_EQ(server_id({"--config", config.string(), "--server-id", "FROM-FLAG"}, env), "FROM-FLAG");
  EXPECT_EQ(server_id({"--config", config.string()}, env), "FROM-ENV");
  EXPECT_EQ(server_id({"--config", config.string()}, {}), "FROM-FILE");
  // The config file may be named by the environment too.
  EXPECT_EQ(server_id({}, {{"CARTD_CONFIG", config.string()}}), "FROM-FILE");
  // Default: eight hex digits from the host name.
  const std::string derived = server_id({}, {});
  EXPECT_EQ(derived.size(), 8u);
  EXPECT_EQ(derived.find_first_not_of("0123456789ABCDEF"), std::string::npos) << derived;
}

TEST_F(ProcessTest, AnUnknownKeyInTheConfigFileStopsStartUp) {
  const std::filesystem::path config = dir_.path() / "cartd.toml";
  WriteFile(config, "listen = \"127.0.0.1:0\"\nworkerz = 4\n");
  const RunResult run = RunToCompletion(kCartd, {"serve", "--config", config.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "cartd: unknown setting 'workerz' in config file " + config.string() +
                         ", line 2 (did you mean 'workers'?)\n");
}

TEST_F(ProcessTest, AnInvalidValueInTheEnvironmentStopsStartUp) {
  const RunResult run =
      RunToCompletion(kCartd, {"serve", "--listen", "127.0.0.1:0"}, {{"CARTD_MAX_BODY", "lots"}});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "cartd: invalid value 'lots' for max-body (environment variable CARTD_MAX_BODY): not "
            "a size such as 1048576, 64KiB or 1MiB\n");
}

TEST_F(ProcessTest, AnUnknownFlagStopsStartUp) {
  const RunResult run = RunToCompletion(kCartd, {"serve", "--listen", "127.0.0.1:0", "--bogus"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("--bogus"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

TEST_F(ProcessTest, AMissingConfigFileStopsStartUp) {
  const std::string missing = (dir_.path() / "missing.toml").string();
  const RunResult run = RunToCompletion(kCartd, {"serve", "--config", missing});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "cartd: cannot read config file " + missing + ": No such file or directory\n");
}

TEST_F(ProcessTest, HelpListsEverySettingWithItsDefaultAndVariable) {
  const RunResult run = RunToCompletion(kCartd, {"serve", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"--listen", "default 127.0.0.1:8080; env CARTD_LISTEN"},
      {"--data-dir", "default ./var; env CARTD_DATA_DIR"},
      {"--store", "env CARTD_STORE"},
      {"--catalog", "env CARTD_CATALOG"},
      {"--jwks", "env CARTD_JWKS"},
      {"--demo", "default false; env CARTD_DEMO"},
      {"--cart-ttl", "default 7d; env CARTD_CART_TTL"},
      {"--audience", "default https://api.partnercenter.microsoft.com; env CARTD_AUDIENCE"},
      {"--issuer", "env CARTD_ISSUER"},
      {"--io-threads", "default 0; env CARTD_IO_THREADS"},
      {"--workers", "default 64; env CARTD_WORKERS"},
      {"--require-if-match", "default false; env CARTD_REQUIRE_IF_MATCH"},
      {"--shutdown-grace", "default 10s; env CARTD_SHUTDOWN_GRACE"},
      {"--server-id", "env CARTD_SERVER_ID"},
      {"--max-body", "default 1MiB; env CARTD_MAX_BODY"},
      {"--max-header", "default 16KiB; env CARTD_MAX_HEADER"},
      {"--max-line-items", "default 250; env CARTD_MAX_LINE_ITEMS"},
      {"--max-quantity", "default 1000000; env CARTD_MAX_QUANTITY"},
      {"--partner-storage-quota", "default 256MiB; env CARTD_PARTNER_STORAGE_QUOTA"},
      {"--max-string", "default 1KiB; env CARTD_MAX_STRING"},
      {"--max-json-depth", "default 32; env CARTD_MAX_JSON_DEPTH"},
      {"--read-timeout", "default 10s; env CARTD_READ_TIMEOUT"},
      {"--idle-timeout", "default 60s; env CARTD_IDLE_TIMEOUT"},
      {"--write-timeout", "default 10s; env CARTD_WRITE_TIMEOUT"},
      {"--rate-limit", "default 100; env CARTD_RATE_LIMIT"},
      {"--rate-limit-burst", "default 200; env CARTD_RATE_LIMIT_BURST"},
      {"--sweep-interval", "default 60s; env CARTD_SWEEP_INTERVAL"},
      {"--sweep-grace", "default 1h; env CARTD_SWEEP_GRACE"},
      {"--tls-cert", "env CARTD_TLS_CERT"},
      {"--tls-key", "env CARTD_TLS_KEY"},
      {"--log-level", "default info; env CARTD_LOG_LEVEL"},
      {"--log-format", "default json; env CARTD_LOG_FORMAT"},
      {"--log-output", "default stderr; env CARTD_LOG_OUTPUT"},
      {"--access-log", "default true; env CARTD_ACCESS_LOG"},
      {"--config", "env CARTD_CONFIG"},
  };
  for (const auto& [flag, text] : expected) {
    EXPECT_NE(run.out.find("  " + flag + " "), std::string::npos) << flag << "\n" << run.out;
    // The environment variable names the setting, so this pairs the default with it.
    EXPECT_NE(run.out.find("(" + text + ")"), std::string::npos) << flag << "\n" << run.out;
  }
  // The one setting that breaks the official SDKs says so where it is offered.
  EXPECT_NE(run.out.find("Breaks the official Java and .NET SDKs"), std::string::npos) << run.out;
}

// --- files ---------------------------------------------------------------------------------

bool WaitForEvent(const CartdProcess& process, const std::string& event, std::size_t count);

unsigned Mode(const std::filesystem::path& path) {
  std::error_code error;
  const auto perms = std::filesystem::status(path, error).permissions();
  EXPECT_FALSE(error) << path;
  return static_cast<unsigned>(perms & std::filesystem::perms::mask);
}

TEST_F(ProcessTest, TheDataItCreatesIsOwnerOnly) {
  const std::filesystem::path data = dir_.path() / "fresh" / "data";
  auto process = Serve({"--demo", "--data-dir", data.string()});
  ASSERT_NE(port_, 0);
  // --demo seeds the store at start, so its write-ahead log exists too.
  ASSERT_TRUE(WaitForEvent(*process, "listening", 1)) << process->Log();
  EXPECT_EQ(Mode(dir_.path() / "fresh"), 0700u);
  EXPECT_EQ(Mode(data), 0700u);
  EXPECT_EQ(Mode(data / "cartd.db"), 0600u);
  EXPECT_EQ(Mode(data / "dev-signing-key"), 0600u);
  ASSERT_TRUE(std::filesystem::exists(data / "cartd.db-wal"));
  EXPECT_EQ(Mode(data / "cartd.db-wal"), 0600u);
  const std::vector<std::string> events = EventNames(ParseLog(process->Log()));
  EXPECT_EQ(std::count(events.begin(), events.end(), "data_readable_by_others"), 0);
}

TEST_F(ProcessTest, DataReadableByOthersIsWarnedAboutAtStart) {
  const std::filesystem::path data = dir_.path() / "shared";
  std::filesystem::create_directories(data);
  std::filesystem::permissions(data, std::filesystem::perms(0755),
                               std::filesystem::perm_options::replace);
  auto process = Serve({"--demo", "--data-dir", data.string()});
  ASSERT_NE(port_, 0);
  ASSERT_TRUE(WaitForEvent(*process, "listening", 1)) << process->Log();
  std::string warning;
  for (const boost::json::object& line : ParseLog(process->Log())) {
    if (line.at("event").as_string() == "data_readable_by_others") {
      warning = std::string(line.at("message").as_string());
      EXPECT_EQ(line.at("level").as_string(), "warn");
    }
  }
  EXPECT_EQ(warning, data.string() +
                         " is accessible to group or others (mode 0755); it holds "
                         "cartd's data: make it owner-only (chmod 700 " +
                         data.string() + ")");
  // cartd leaves the operator's choice as it is.
  EXPECT_EQ(Mode(data), 0755u);
}

// --- logs ----------------------------------------------------------------------------------

TEST_F(ProcessTest, LogLinesAreJsonAndNeverHoldTheToken) {
  auto process = Serve({"--demo"});
  const std::string token = Token();
  ASSERT_GT(token.size(), 100u);
  const RawResponse ok = Send("GET", CartPath(kSeedCart), "",
                              {{"Authorization", "Bearer " + token},
                               {"MS-RequestId", "req-log-1"},
                               {"MS-CorrelationId", "corr-log-1"}});
  ASSERT_EQ(ok.status, 200);
  // A token with one byte of its signature changed: refused, with the reason logged.
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  ASSERT_EQ(Send("GET", CartPath(kSeedCart), "", {{"Authorization", "Bearer " + tampered}}).status,
            401);
  process->Signal(SIGTERM);
  ASSERT_EQ(process->Wait(), 0);

  const std::string log = process->Log();
  const std::vector<boost::json::object> lines = ParseLog(log);
  EXPECT_EQ(EventNames(lines),
            (std::vector<std::string>{"starting", "store_opened", "catalog_loaded", "keys_loaded",
                                      "listening", "request", "request", "shutdown_begun",
                                      "shutdown_done"}))
      << log;
  ASSERT_EQ(lines.size(), 9u);
  const boost::json::object& request = lines[5];
  EXPECT_EQ(request.at("method").as_string(), "GET");
  EXPECT_EQ(request.at("path").as_string(), CartPath(kSeedCart));
  EXPECT_EQ(request.at("route").as_string(), "GET /v1/customers/{customer-id}/carts/{cart-id}");
  EXPECT_EQ(request.at("status").as_int64(), 200);
  EXPECT_EQ(request.at("bytes_out").as_int64(), static_cast<std::int64_t>(ok.body.size()));
  EXPECT_EQ(request.at("partner_tenant").as_string(), kPartnerTenant);
  EXPECT_EQ(request.at("request_id").as_string(), "req-log-1");
  EXPECT_EQ(request.at("correlation_id").as_string(), "corr-log-1");
  EXPECT_GE(request.at("latency_ms").to_number<double>(), 0);
  EXPECT_EQ(lines[6].at("status").as_int64(), 401);
  EXPECT_FALSE(lines[6].at("auth_failure").as_string().empty());
  EXPECT_EQ(lines[7].at("signal").as_string(), "SIGTERM");

  // Neither token, nor its payload or signature, nor the signing key, appears anywhere.
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot = token.find('.', first_dot + 1);
  for (const std::string& secret :
       {token, tampered, token.substr(first_dot + 1, second_dot - first_dot - 1),
        token.substr(second_dot + 1), tampered.substr(second_dot + 1),
        ReadWholeFile(dir_.path() / "data" / "dev-signing-key")}) {
    ASSERT_GE(secret.size(), 32u);
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
  }
}

TEST_F(ProcessTest, TextLogsAndLevels) {
  auto process =
      Serve({"--log-format", "text", "--log-level", "warn"}, {{"CARTD_NOT_A_SETTING_AT_ALL", "x"}});
  ASSERT_EQ(Send("GET", "/healthz").status, 200);
  process->Signal(SIGINT);
  ASSERT_EQ(process->Wait(), 0);
  // At warn, only the warning about the unknown variable is written, in text.
  const std::string log = process->Log();
  EXPECT_EQ(log.find('{'), std::string::npos) << log;
  EXPECT_EQ(log.substr(24),
            " warn config_warning message=\"environment variable CARTD_NOT_A_SETTING_AT_ALL is "
            "not a cartd setting; ignored\"\n");
}

// --- signals -------------------------------------------------------------------------------

TEST_F(ProcessTest, SigtermFinishesEveryAcceptedRequestAndLosesNoAcknowledgedWrite) {
  auto process = Serve({"--demo", "--workers", "1", "--shutdown-grace", "60s"});
  const std::string token = Token();
  // One cart per client, created before the burst.
  constexpr int kClients = 24;
  std::vector<std::string> carts;
  for (int i = 0; i < kClients; ++i) {
    const RawResponse created = Send("POST", CartsPath(), CartBody(kDemoItem, 1), Auth(token));
    ASSERT_EQ(created.status, 201) << created.body;
    carts.push_back(*partnercenter::ParseCart(created.body)->id);
  }

  // Each client replaces its cart with 250 lines of quantity 100 + its number: slow requests,
  // one at a time on the server.
  std::vector<RawResponse> responses(kClients);
  std::atomic<int> sent{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      const std::string request =
          FormatRequest("PUT", CartPath(carts[i]), CartBody(kDemoItem, 100 + i, 250), Auth(token));
      RawConnection connection(port_);
      connection.Send(request);
      ++sent;
      responses[i] = connection.Receive();
    });
  }
  // SIGTERM once every request is on its way: most of them are still waiting for the worker.
  while (sent.load() < kClients) std::this_thread::yield();
  process->Signal(SIGTERM);
  for (auto& client : clients) client.join();
  EXPECT_EQ(process->Wait(), 0) << process->Log();

  int acknowledged = 0;
  for (int i = 0; i < kClients; ++i) {
    const RawResponse& r = responses[i];
    // A request is either answered in full or never accepted; never cut off.
    EXPECT_NE(r.outcome, RawResponse::Outcome::kPartial) << i;
    if (r.outcome != RawResponse::Outcome::kComplete) continue;
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status == 201) ++acknowledged;
  }
  // The log shows the drain: answers logged after shutdown began, then the end of it.
  const std::vector<std::string> events = EventNames(ParseLog(process->Log()));
  const auto begun = std::find(events.begin(), events.end(), "shutdown_begun");
  ASSERT_NE(begun, events.end());
  const auto drained = std::count(begun, events.end(), "request");
  EXPECT_EQ(events.back(), "shutdown_done");
  // One worker, 24 slow requests, the signal as soon as they were sent: most were still waiting.
  EXPECT_GT(drained, 0);
  EXPECT_GT(acknowledged, 1);
  EXPECT_EQ(std::count(events.begin(), events.end(), "request"), kClients + acknowledged);
  RecordProperty("acknowledged", acknowledged);
  RecordProperty("drained", static_cast<int>(drained));

  // After a restart on the same data, every acknowledged write is there.
  auto restarted = Serve({"--demo"});
  for (int i = 0; i < kClients; ++i) {
    if (responses[i].status != 201) continue;
    const RawResponse cart = Send("GET", CartPath(carts[i]), "", Auth(token));
    ASSERT_EQ(cart.status, 200);
    const auto parsed = partnercenter::ParseCart(cart.body);
    ASSERT_TRUE(parsed.ok());
    ASSERT_EQ(parsed->line_items.size(), 250u) << i;
    EXPECT_EQ(parsed->line_items[249].quantity, 100 + i);
  }
  restarted->Signal(SIGTERM);
  EXPECT_EQ(restarted->Wait(), 0);
}

// Waits until the log has `count` lines of `event` (the process writes them as it goes).
bool WaitForEvent(const CartdProcess& process, const std::string& event, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::size_t seen = 0;
    const std::string log = process.Log();
    for (std::size_t at = log.find("\"event\":\"" + event + "\""); at != std::string::npos;
         at = log.find("\"event\":\"" + event + "\"", at + 1)) {
      ++seen;
    }
    if (seen >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST_F(ProcessTest, SighupReloadsTheCatalogWithoutDroppingConnections) {
  const std::filesystem::path catalog = dir_.path() / "catalog.json";
  WriteFile(catalog, ReloadTestCatalog(false));
  auto process = Serve({"--demo", "--catalog", catalog.string()});
  const std::string token = Token();
  RawConnection connection(port_);
  const std::string put = FormatRequest("PUT", CartPath(kSeedCart),
                                        CartBody("PRODUCT00001:0001:AVAIL0000002", 1), Auth(token));
  auto line_error = [&] {
    const RawResponse r = connection.Exchange(put);
    EXPECT_EQ(r.outcome, RawResponse::Outcome::kComplete);
    EXPECT_EQ(r.status, 201) << r.body;
    const auto cart = partnercenter::ParseCart(r.body);
    if (!cart.ok() || cart->line_items.size() != 1) return -1;
    return cart->line_items[0].error ? cart->line_items[0].error->error_code : 0;
  };
  EXPECT_EQ(line_error(), 10001);

  WriteFile(catalog, ReloadTestCatalog(true));
  process->Signal(SIGHUP);
  ASSERT_TRUE(WaitForEvent(*process, "catalog_reloaded", 1)) << process->Log();
  EXPECT_EQ(line_error(), 0);  // on the connection opened before the reload

  // A broken file is logged and the catalog in use kept.
  WriteFile(catalog, "not json");
  process->Signal(SIGHUP);
  ASSERT_TRUE(WaitForEvent(*process, "catalog_reload_failed", 1)) << process->Log();
  EXPECT_EQ(line_error(), 0);
  EXPECT_TRUE(connection.connected());

  process->Signal(SIGTERM);
  EXPECT_EQ(process->Wait(), 0);
}

// --- TLS -----------------------------------------------------------------------------------

struct CurlResult {
  long status = 0;
  std::string body;
  std::string error;
};

std::size_t AppendBody(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

CurlResult HttpsGet(const std::string& url, const std::string& ca_file, const std::string& token) {
  CurlResult result;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return result;
  char error[CURL_ERROR_SIZE] = {};
  curl_slist* headers = nullptr;
  if (!token.empty()) {
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  } else {
    result.error = error;
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return result;
}

TEST_F(ProcessTest, HttpsRoundTrip) {
  ASSERT_TRUE(WriteSelfSignedCertificate(dir_.path()));
  const std::string cert = (dir_.path() / "cert.pem").string();
  const std::string key = (dir_.path() / "key.pem").string();
  auto process = std::make_unique<CartdProcess>(
      kCartd,
      std::vector<std::string>{"serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir",
                               (dir_.path() / "data").string(), "--tls-cert", cert, "--tls-key",
                               key},
      std::map<std::string, std::string>{}, log_file());
  const std::optional<std::string> banner = process->ReadLine();
  ASSERT_TRUE(banner.has_value()) << process->Log();
  ASSERT_EQ(banner->rfind("cartd listening on https://127.0.0.1:", 0), 0u) << *banner;
  const std::string base = banner->substr(std::string("cartd listening on ").size());

  const CurlResult health = HttpsGet(base + "/healthz", cert, "");
  EXPECT_EQ(health.status, 200) << health.error;
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  const CurlResult cart = HttpsGet(base + CartPath(kSeedCart), cert, Token());
  EXPECT_EQ(cart.status, 200) << cart.error;
  EXPECT_EQ(partnercenter::ParseCart(cart.body)->id, kSeedCart);

  // Plain HTTP to the HTTPS port gets no HTTP answer.
  port_ = static_cast<std::uint16_t>(std::stoi(base.substr(base.rfind(':') + 1)));
  const RawResponse plain = Send("GET", "/healthz");
  EXPECT_NE(plain.outcome, RawResponse::Outcome::kComplete);

  const std::vector<boost::json::object> lines = ParseLog(process->Log());
  bool tls_logged = false;
  for (const auto& line : lines) {
    if (line.at("event").as_string() == "listening") tls_logged = line.at("tls").as_bool();
  }
  EXPECT_TRUE(tls_logged);
  process->Signal(SIGTERM);
  EXPECT_EQ(process->Wait(), 0);
}

TEST_F(ProcessTest, TlsNeedsBothFiles) {
  const RunResult run = RunToCompletion(
      kCartd, {"serve", "--listen", "127.0.0.1:0", "--tls-cert", "/nonexistent/cert.pem"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "cartd: tls-cert is set but tls-key is not: HTTPS needs both\n");
}

// --- rate limit ----------------------------------------------------------------------------

TEST_F(ProcessTest, RateLimitAnswers429ThenRecovers) {
  // Five requests a second, two at once: a burst of back-to-back requests runs out at once.
  auto process = Serve({"--demo"}, {{"CARTD_RATE_LIMIT", "5"}, {"CARTD_RATE_LIMIT_BURST", "2"}});
  const std::string token = Token();
  RawConnection connection(port_);
  const std::string get =
      FormatRequest("GET", CartPath(kSeedCart), "", {{"Authorization", "Bearer " + token}});
  std::optional<RawResponse> limited;
  int allowed = 0;
  for (int i = 0; i < 200 && !limited; ++i) {
    RawResponse r = connection.Exchange(get);
    ASSERT_EQ(r.outcome, RawResponse::Outcome::kComplete);
    if (r.status == 429) {
      limited = std::move(r);
    } else {
      ASSERT_EQ(r.status, 200);
      ++allowed;
    }
  }
  ASSERT_TRUE(limited.has_value());
  EXPECT_GE(allowed, 2);
  EXPECT_EQ(limited->headers.Get("Retry-After"), "1");
  EXPECT_EQ(limited->headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(limited->body,
            R"({"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."})");

  // As a client would: wait as long as Retry-After says, then the request goes through.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(connection.Exchange(get).status, 200);
  process->Signal(SIGTERM);
  EXPECT_EQ(process->Wait(), 0);
}

}  // namespace
}  // namespace cartd::test
