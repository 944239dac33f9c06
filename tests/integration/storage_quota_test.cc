// The per-partner storage quota over a real socket: a partner with a small quota is refused with
// 403 and cartd's code 800100, nothing it stored changes, another partner is not affected, the
// refusals are counted at /metrics, and once the sweeper has deleted the expired carts and old
// replies (the fake clock moved past their expiry) the partner can write again.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

constexpr std::int64_t kQuota = 256 << 10;  // 256 KiB

// A cart of `lines` lines, each with a 1000-character friendly name: about 1.1 KB per line.
std::string LargeCartBody(int lines) {
  const std::string name(1000, 'n');
  std::string body = R"({"lineItems":[)";
  for (int i = 0; i < lines; ++i) {
    if (i > 0) body += ",";
    body += R"({"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
            R"("billingCycle":"monthly","termDuration":"P1M","friendlyName":")" +
            name + R"("})";
  }
  return body + "]}";
}

class StorageQuotaTest : public CartdTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = CartdTest::Options();
    options.service.partner_storage_quota = quota_;
    options.sweep_interval = std::chrono::milliseconds(20);
    return options;
  }

  HttpResult Send(const std::string& method, const std::string& target, const std::string& body,
                  const std::string& partner = demo::kPartnerTenant) {
    const std::string request_id = "quota-request-" + std::to_string(++requests_);
    return Call(method, target, body, Token(partner), {{"MS-RequestId", request_id}});
  }

  std::int64_t StoredBytes(const std::string& partner = demo::kPartnerTenant) {
    const StatusOr<std::int64_t> bytes = node_->store().StoredBytes(partner);
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    return bytes.ok() ? *bytes : -1;
  }

  // The bytes of the files in the data directory (the SQLite database and its WAL).
  std::uintmax_t DataDirBytes() {
    std::uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(data_dir_)) {
      if (entry.is_regular_file()) bytes += entry.file_size();
    }
    return bytes;
  }

  double RefusalsMetric() {
    const HttpResult r = Call("GET", "/metrics");
    const std::string name = "\ncartd_partner_quota_refusals_total ";
    const std::size_t at = r.body.find(name);
    if (at == std::string::npos) {
      ADD_FAILURE() << "no refusal counter in\n" << r.body;
      return -1;
    }
    return std::stod(r.body.substr(at + name.size()));
  }

  std::int64_t quota_ = kQuota;
  int requests_ = 0;
};

TEST_F(StorageQuotaTest, APartnerOverItsQuotaIsRefusedUntilTheSweeperFreesSpace) {
  const std::string body = LargeCartBody(20);
  std::vector<std::string> carts;
  HttpResult refused;
  for (int i = 0; i < 100 && refused.status == 0; ++i) {
    const HttpResult r = Send("POST", CartsPath(), body);
    if (r.status == 201) {
      carts.push_back(*partnercenter::ParseCart(r.body)->id);
    } else {
      refused = r;
    }
  }
  ASSERT_GE(carts.size(), 2u);
  ASSERT_EQ(refused.status, 403) << refused.body;
  const Fault fault = ReadFault(refused);
  EXPECT_EQ(fault.code, 800100);
  EXPECT_NE(fault.description.find("storage quota of 256 KiB"), std::string::npos)
      << fault.description;
  EXPECT_NE(fault.description.find("24 hours"), std::string::npos) << fault.description;
  const std::int64_t stored = StoredBytes();
  EXPECT_LE(stored, kQuota);
  EXPECT_GT(stored, kQuota / 2);

  // A PUT and a checkout of a stored cart are refused too, and leave it as it was.
  const HttpResult before = Call("GET", CartPath(carts[0]), "", Token());
  ASSERT_EQ(before.status, 200);
  const HttpResult put = Send("PUT", CartPath(carts[0]), body);
  EXPECT_EQ(put.status, 403) << put.body;
  EXPECT_EQ(ReadFault(put).code, 800100);
  const HttpResult checkout = Send("POST", CartPath(carts[0]) + "/checkout", "\"success\"");
  EXPECT_EQ(checkout.status, 403) << checkout.body;
  EXPECT_EQ(ReadFault(checkout).code, 800100);
  const HttpResult after = Call("GET", CartPath(carts[0]), "", Token());
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body, before.body);
  EXPECT_EQ(after.headers.Get("ETag"), before.headers.Get("ETag"));
  EXPECT_EQ(StoredBytes(), stored);
  EXPECT_EQ(RefusalsMetric(), 3);

  // Another partner has its own quota.
  const HttpResult other =
      Send("POST", CartsPath(demo::kOtherPartnersCustomer), body, demo::kOtherPartnerTenant);
  EXPECT_EQ(other.status, 201) << other.body;

  // The carts expire after 7 days and are swept an hour later; their replies after 24 hours.
  clock_.Advance(std::chrono::days(7) + std::chrono::hours(2));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (StoredBytes() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(StoredBytes(), 0);
  const HttpResult again = Send("POST", CartsPath(), body);
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(RefusalsMetric(), 3);
}

// The growth the quota exists to bound: 100 PUTs of a large cart, each with its own MS-RequestId,
// store the cart and a reply each time. Without a quota the partner's stored bytes grow by the
// reply of every PUT; with one, they stop at the quota and the rest are refused.
class StorageQuotaGrowthTest : public StorageQuotaTest,
                               public ::testing::WithParamInterface<std::int64_t> {
 protected:
  StorageQuotaGrowthTest() { quota_ = GetParam(); }
};

TEST_P(StorageQuotaGrowthTest, HundredLargePutsGrowTheStoreOnlyUpToTheQuota) {
  const std::string body = LargeCartBody(200);  // about 220 KB
  const HttpResult created = Send("POST", CartsPath(), body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart = *partnercenter::ParseCart(created.body)->id;
  const std::int64_t start = StoredBytes();
  const std::uintmax_t files_before = DataDirBytes();

  int accepted = 0;
  int refused = 0;
  const auto began = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) {
    const HttpResult r = Send("PUT", CartPath(cart), body);
    if (r.status == 201) {
      ++accepted;
    } else {
      ASSERT_EQ(r.status, 403) << r.body;
      ASSERT_EQ(ReadFault(r).code, 800100);
      ++refused;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  const std::int64_t grown = StoredBytes() - start;
  const std::uintmax_t files_after = DataDirBytes();
  std::cout << "quota " << GetParam() << " bytes: 100 PUTs of " << body.size() << "-byte carts in "
            << seconds << " s: " << accepted << " stored, " << refused
            << " refused; the partner's stored bytes grew by " << grown << " (" << start << " -> "
            << start + grown << "); the data directory's files grew by "
            << static_cast<std::intmax_t>(files_after - files_before) << " bytes\n";
  if (GetParam() == 0) {
    EXPECT_EQ(accepted, 100);
    EXPECT_GT(grown, 100 * 200'000);
  } else {
    EXPECT_GT(refused, 0);
    EXPECT_LE(start + grown, GetParam());
    EXPECT_EQ(RefusalsMetric(), refused);
  }
}

INSTANTIATE_TEST_SUITE_P(Quotas, StorageQuotaGrowthTest,
                         ::testing::Values(std::int64_t{0}, std::int64_t{8} << 20),
                         [](const ::testing::TestParamInfo<std::int64_t>& quota) {
                           return quota.param == 0 ? std::string("NoQuota")
                                                   : std::string("Quota8MiB");
                         });

}  // namespace
}  // namespace cartd::test
