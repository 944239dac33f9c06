#include "domain/list_pages.h"

#include <iterator>
#include <string>
#include <utility>

namespace cartd {
namespace {

// Pages of ListAll*: one read for the subscriptions of any order a cart can place.
constexpr int kAllAtOncePageSize = 256;

// The walk of ListOrdersByPage and ListSubscriptionsByPage: `read(page)` reads one page.
template <typename Record, typename Read>
Status ByPage(int page_size, const Read& read,
              const std::function<void(std::vector<Record>&)>& visit) {
  if (page_size <= 0) return Internal("a list was read in pages of " + std::to_string(page_size));
  ListPage page{.after = std::nullopt, .limit = page_size};
  while (true) {
    CARTD_ASSIGN_OR_RETURN(std::vector<Record> records, read(page));
    if (records.empty()) return Status::Ok();
    const bool last = records.size() < static_cast<std::size_t>(page_size);
    // Taken before `visit`, which may move from the records.
    page.after = PositionOf(records.back());
    visit(records);
    if (last) return Status::Ok();
  }
}

template <typename Record>
void Append(std::vector<Record>& all, std::vector<Record>& page) {
  all.insert(all.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
}

}  // namespace

Status ListOrdersByPage(CartStore& store, std::string_view partner_tenant,
                        std::string_view customer_id, int page_size,
                        const std::function<void(std::vector<OrderRecord>& page)>& visit) {
  return ByPage<OrderRecord>(
      page_size,
      [&](const ListPage& page) { return store.ListOrders(partner_tenant, customer_id, page); },
      visit);
}

Status ListSubscriptionsByPage(
    CartStore& store, std::string_view partner_tenant, std::string_view customer_id,
    std::optional<std::string_view> order_id, int page_size,
    const std::function<void(std::vector<SubscriptionRecord>& page)>& visit) {
  return ByPage<SubscriptionRecord>(
      page_size,
      [&](const ListPage& page) {
        return store.ListSubscriptions(partner_tenant, customer_id, order_id, page);
      },
      visit);
}

StatusOr<std::vector<OrderRecord>> ListAllOrders(CartStore& store, std::string_view partner_tenant,
                                                 std::string_view customer_id) {
  std::vector<OrderRecord> all;
  CARTD_RETURN_IF_ERROR(
      ListOrdersByPage(store, partner_tenant, customer_id, kAllAtOncePageSize,
                       [&](std::vector<OrderRecord>& page) { Append(all, page); }));
  return all;
}

StatusOr<std::vector<SubscriptionRecord>> ListAllSubscriptions(
    CartStore& store, std::string_view partner_tenant, std::string_view customer_id,
    std::optional<std::string_view> order_id) {
  std::vector<SubscriptionRecord> all;
  CARTD_RETURN_IF_ERROR(
      ListSubscriptionsByPage(store, partner_tenant, customer_id, order_id, kAllAtOncePageSize,
                              [&](std::vector<SubscriptionRecord>& page) { Append(all, page); }));
  return all;
}

}  // namespace cartd
