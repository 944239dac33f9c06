// The Parse* and ToJson functions of partnercenter/json.h: one field table per contract type
// (wire/field_table.h), in Partner Center's member order (contract §9), drives both directions.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "partnercenter/json.h"
#include "wire/field_table.h"

namespace partnercenter::wire {

template <>
struct Fields<KeyValue> {
  static constexpr std::tuple kList{
      Field("key", &KeyValue::key),
      Field("value", &KeyValue::value),
  };
};

template <>
struct Fields<Link> {
  static constexpr std::tuple kList{
      Field("uri", &Link::uri),
      Field("method", &Link::method),
      Field("headers", &Link::headers),
      Field("body", &Link::body),
  };
};

template <>
struct Fields<ResourceAttributes> {
  static constexpr std::tuple kList{
      Field("etag", &ResourceAttributes::etag),
      Field("objectType", &ResourceAttributes::object_type),
  };
};

template <>
struct Fields<StandardLinks> {
  static constexpr std::tuple kList{
      Field("self", &StandardLinks::self),
  };
};

template <>
struct Fields<RenewsTo> {
  static constexpr std::tuple kList{
      Field("termDuration", &RenewsTo::term_duration),
  };
};

template <>
struct Fields<Participant> {
  static constexpr std::tuple kList{
      Field("key", &Participant::key),
      Field("value", &Participant::value),
  };
};

template <>
struct Fields<CartError> {
  static constexpr std::tuple kList{
      Field<IntOrCartErrorName>("errorCode", &CartError::error_code),
      Field("errorDescription", &CartError::error_description),
      Field<ObjectJsonText>("additionalInformation", &CartError::additional_information_json),
  };
};

template <>
struct Fields<CartLineItem> {
  static constexpr std::tuple kList{
      Field<IntOrNumericString>("id", &CartLineItem::id),
      Field("catalogItemId", &CartLineItem::catalog_item_id, AlsoNamed("catalogId")),
      Field("friendlyName", &CartLineItem::friendly_name),
      Field("quantity", &CartLineItem::quantity),
      Field("currencyCode", &CartLineItem::currency_code, kLenient),
      Field("billingCycle", &CartLineItem::billing_cycle),
      Field("termDuration", &CartLineItem::term_duration),
      Field("promotionId", &CartLineItem::promotion_id),
      Field("customTermEndDate", &CartLineItem::custom_term_end_date),
      Field("attestationAccepted", &CartLineItem::attestation_accepted),
      Field("renewsTo", &CartLineItem::renews_to),
      Field("participants", &CartLineItem::participants),
      Field<CamelCasedKeys>("provisioningContext", &CartLineItem::provisioning_context),
      Field("orderGroup", &CartLineItem::order_group, kLenient),
      Field("purchaseSystem", &CartLineItem::purchase_system, kLenient),
      // "addOnItems" (the Java SDK's spelling) is the same name ignoring case.
      Field("addonItems", &CartLineItem::addon_items),
      Field("error", &CartLineItem::error, kLenient),
  };
};

template <>
struct Fields<Cart> {
  static constexpr std::tuple kList{
      Field("id", &Cart::id, kLenient),
      Field("creationTimestamp", &Cart::creation_timestamp, kLenient),
      Field("lastModifiedTimestamp", &Cart::last_modified_timestamp, kLenient),
      Field("expirationTimestamp", &Cart::expiration_timestamp, kLenient),
      Field("lastModifiedUser", &Cart::last_modified_user, kLenient),
      Field("status", &Cart::status, kLenient),
      Field("partnerOnRecordAttestationAccepted", &Cart::partner_on_record_attestation_accepted),
      Field("lineItems", &Cart::line_items),
      Field("links", &Cart::links, kLenient),
      Field("attributes", &Cart::attributes, kLenient),
  };
};

template <>
struct Fields<Pricing> {
  static constexpr std::tuple kList{
      Field("listPrice", &Pricing::list_price),
      Field("discountedPrice", &Pricing::discounted_price),
      Field("proratedPrice", &Pricing::prorated_price),
      Field("price", &Pricing::price),
      Field("extendedPrice", &Pricing::extended_price),
  };
};

template <>
struct Fields<OrderLineItemLinks> {
  static constexpr std::tuple kList{
      Field("product", &OrderLineItemLinks::product),
      Field("sku", &OrderLineItemLinks::sku),
      Field("availability", &OrderLineItemLinks::availability),
      Field("subscription", &OrderLineItemLinks::subscription),
      Field("provisioningStatus", &OrderLineItemLinks::provisioning_status),
      Field("activationLinks", &OrderLineItemLinks::activation_links),
  };
};

template <>
struct Fields<OrderLineItem> {
  static constexpr std::tuple kList{
      Field("lineItemNumber", &OrderLineItem::line_item_number),
      Field("offerId", &OrderLineItem::offer_id),
      Field("subscriptionId", &OrderLineItem::subscription_id),
      Field("parentSubscriptionId", &OrderLineItem::parent_subscription_id),
      Field("termDuration", &OrderLineItem::term_duration),
      Field("renewsTo", &OrderLineItem::renews_to),
      Field("transactionType", &OrderLineItem::transaction_type),
      Field("promotionId", &OrderLineItem::promotion_id),
      Field("customTermEndDate", &OrderLineItem::custom_term_end_date),
      Field("friendlyName", &OrderLineItem::friendly_name),
      Field("quantity", &OrderLineItem::quantity),
      Field("pricing", &OrderLineItem::pricing),
      Field("partnerIdOnRecord", &OrderLineItem::partner_id_on_record),
      Field("additionalPartnerIdsOnRecord", &OrderLineItem::additional_partner_ids_on_record),
      Field<CamelCasedKeys>("provisioningContext", &OrderLineItem::provisioning_context),
      Field("attestationAccepted", &OrderLineItem::attestation_accepted),
      Field("links", &OrderLineItem::links),
  };
};

template <>
struct Fields<OrderLinks> {
  static constexpr std::tuple kList{
      Field("self", &OrderLinks::self),
      Field("provisioningStatus", &OrderLinks::provisioning_status),
      Field("patchOperation", &OrderLinks::patch_operation),
  };
};

template <>
struct Fields<Order> {
  static constexpr std::tuple kList{
      Field("id", &Order::id),
      Field("alternateId", &Order::alternate_id),
      Field("referenceCustomerId", &Order::reference_customer_id),
      Field("billingCycle", &Order::billing_cycle),
      Field("currencyCode", &Order::currency_code),
      Field("currencySymbol", &Order::currency_symbol),
      Field("lineItems", &Order::line_items),
      Field("creationDate", &Order::creation_date),
      Field("status", &Order::status),
      Field("transactionType", &Order::transaction_type),
      Field("totalPrice", &Order::total_price),
      Field("partnerOnRecordAttestationAccepted", &Order::partner_on_record_attestation_accepted),
      Field("links", &Order::links),
      Field("attributes", &Order::attributes),
  };
};

template <>
struct Fields<OrderError> {
  static constexpr std::tuple kList{
      Field("orderGroupId", &OrderError::order_group_id),
      Field("code", &OrderError::code),
      Field("description", &OrderError::description),
      Field("attributes", &OrderError::attributes),
  };
};

template <>
struct Fields<CartCheckoutResult> {
  static constexpr std::tuple kList{
      Field("orders", &CartCheckoutResult::orders),
      Field("orderErrors", &CartCheckoutResult::order_errors),
      Field("attributes", &CartCheckoutResult::attributes),
  };
};

template <>
struct Fields<QuantityProvisioningStatus> {
  static constexpr std::tuple kList{
      Field("quantity", &QuantityProvisioningStatus::quantity),
      Field("status", &QuantityProvisioningStatus::status),
  };
};

template <>
struct Fields<OrderLineItemProvisioningStatus> {
  static constexpr std::tuple kList{
      Field("lineItemNumber", &OrderLineItemProvisioningStatus::line_item_number),
      Field("status", &OrderLineItemProvisioningStatus::status),
      Field("quantityProvisioningInformation",
            &OrderLineItemProvisioningStatus::quantity_provisioning_information),
  };
};

template <>
struct Fields<SubscriptionLinks> {
  static constexpr std::tuple kList{
      Field("offer", &SubscriptionLinks::offer),
      Field("parentSubscription", &SubscriptionLinks::parent_subscription),
      Field("product", &SubscriptionLinks::product),
      Field("sku", &SubscriptionLinks::sku),
      Field("availability", &SubscriptionLinks::availability),
      Field("activationLinks", &SubscriptionLinks::activation_links),
      Field("self", &SubscriptionLinks::self),
  };
};

template <>
struct Fields<Subscription> {
  static constexpr std::tuple kList{
      Field("id", &Subscription::id),
      Field("entitlementId", &Subscription::entitlement_id),
      Field("offerId", &Subscription::offer_id),
      Field("offerName", &Subscription::offer_name),
      Field("friendlyName", &Subscription::friendly_name),
      Field("quantity", &Subscription::quantity),
      Field("unitType", &Subscription::unit_type),
      Field("parentSubscriptionId", &Subscription::parent_subscription_id),
      Field("hasPurchasableAddons", &Subscription::has_purchasable_addons),
      Field("creationDate", &Subscription::creation_date),
      Field("effectiveStartDate", &Subscription::effective_start_date),
      Field("commitmentEndDate", &Subscription::commitment_end_date),
      Field("cancellationAllowedUntilDate", &Subscription::cancellation_allowed_until_date),
      Field("status", &Subscription::status),
      Field("autoRenewEnabled", &Subscription::auto_renew_enabled),
      Field("isTrial", &Subscription::is_trial),
      Field("billingType", &Subscription::billing_type),
      Field("billingCycle", &Subscription::billing_cycle),
      Field("termDuration", &Subscription::term_duration),
      Field("renewalTermDuration", &Subscription::renewal_term_duration),
      Field("isMicrosoftProduct", &Subscription::is_microsoft_product),
      Field("partnerId", &Subscription::partner_id),
      Field("contractType", &Subscription::contract_type),
      Field("promotionId", &Subscription::promotion_id),
      Field("links", &Subscription::links),
      Field("publisherName", &Subscription::publisher_name),
      Field("orderId", &Subscription::order_id),
      Field("attributes", &Subscription::attributes),
  };
};

template <>
struct Fields<ItemSubType> {
  static constexpr std::tuple kList{
      Field("id", &ItemSubType::id),
      Field("displayName", &ItemSubType::display_name),
  };
};

template <>
struct Fields<ItemType> {
  static constexpr std::tuple kList{
      Field("id", &ItemType::id),
      Field("displayName", &ItemType::display_name),
      Field("subType", &ItemType::sub_type),
  };
};

template <>
struct Fields<ProductLinks> {
  static constexpr std::tuple kList{
      Field("skus", &ProductLinks::skus),
      Field("self", &ProductLinks::self),
  };
};

template <>
struct Fields<Product> {
  static constexpr std::tuple kList{
      Field("id", &Product::id),
      Field("title", &Product::title),
      Field("description", &Product::description),
      Field("productType", &Product::product_type),
      Field("isMicrosoftProduct", &Product::is_microsoft_product),
      Field("publisherName", &Product::publisher_name),
      Field("links", &Product::links),
      Field("attributes", &Product::attributes),
  };
};

template <>
struct Fields<SkuLinks> {
  static constexpr std::tuple kList{
      Field("availabilities", &SkuLinks::availabilities),
      Field("self", &SkuLinks::self),
  };
};

template <>
struct Fields<Sku> {
  static constexpr std::tuple kList{
      Field("id", &Sku::id),
      Field("productId", &Sku::product_id),
      Field("title", &Sku::title),
      Field("description", &Sku::description),
      Field("minimumQuantity", &Sku::minimum_quantity),
      Field("maximumQuantity", &Sku::maximum_quantity),
      Field("isTrial", &Sku::is_trial),
      Field("supportedBillingCycles", &Sku::supported_billing_cycles),
      Field("purchasePrerequisites", &Sku::purchase_prerequisites),
      Field("inventoryVariables", &Sku::inventory_variables),
      Field("provisioningVariables", &Sku::provisioning_variables),
      Field<ObjectJsonText>("dynamicAttributes", &Sku::dynamic_attributes_json),
      Field("links", &Sku::links),
      Field("attributes", &Sku::attributes),
  };
};

template <>
struct Fields<DefaultCurrency> {
  static constexpr std::tuple kList{
      Field("code", &DefaultCurrency::code),
      Field("symbol", &DefaultCurrency::symbol),
  };
};

template <>
struct Fields<Term> {
  static constexpr std::tuple kList{
      Field("id", &Term::id),
      Field("duration", &Term::duration),
      Field("description", &Term::description),
      Field("billingCycle", &Term::billing_cycle),
  };
};

template <>
struct Fields<Availability> {
  static constexpr std::tuple kList{
      Field("id", &Availability::id),
      Field("productId", &Availability::product_id),
      Field("skuId", &Availability::sku_id),
      Field("catalogItemId", &Availability::catalog_item_id),
      Field("defaultCurrency", &Availability::default_currency),
      Field("segment", &Availability::segment),
      Field("country", &Availability::country),
      Field("isPurchasable", &Availability::is_purchasable),
      Field("isRenewable", &Availability::is_renewable),
      Field("terms", &Availability::terms),
      Field("product", &Availability::product),
      Field("sku", &Availability::sku),
      Field("links", &Availability::links),
      Field("attributes", &Availability::attributes),
  };
};

// One table for every collection (orders, provisioning states, subscriptions, the products API).
template <typename T>
struct Fields<ResourceCollection<T>> {
  static constexpr std::tuple kList{
      Field("totalCount", &ResourceCollection<T>::total_count),
      Field("items", &ResourceCollection<T>::items),
      Field("links", &ResourceCollection<T>::links),
      Field("attributes", &ResourceCollection<T>::attributes),
  };
};

template <>
struct Fields<ApiFault> {
  static constexpr std::tuple kList{
      Field<IntOrNumericString>("code", &ApiFault::code),
      Field("description", &ApiFault::description),
      Field<ArrayOf<JsonText>>("data", &ApiFault::data_json),
      Field("source", &ApiFault::source),
  };
};

}  // namespace partnercenter::wire

namespace partnercenter {
namespace {

using wire::ParseDocument;
using wire::WriteDocument;

// Guesses at the output size that avoid most regrowth of the string.
constexpr std::size_t kBytesPerCartLine = 400;
constexpr std::size_t kBytesPerOrder = 1500;
constexpr std::size_t kBytesPerSubscription = 1200;
constexpr std::size_t kBaseBytes = 512;
constexpr std::size_t kBytesPerCatalogEntry = 1000;

}  // namespace

Result<Cart> ParseCart(std::string_view json, const ParseOptions& options) {
  return ParseDocument<Cart>(json, options);
}

Result<CartLineItem> ParseCartLineItem(std::string_view json, const ParseOptions& options) {
  return ParseDocument<CartLineItem>(json, options);
}

Result<CartCheckoutResult> ParseCartCheckoutResult(std::string_view json,
                                                   const ParseOptions& options) {
  return ParseDocument<CartCheckoutResult>(json, options);
}

Result<Order> ParseOrder(std::string_view json, const ParseOptions& options) {
  return ParseDocument<Order>(json, options);
}

Result<OrderCollection> ParseOrderCollection(std::string_view json, const ParseOptions& options) {
  return ParseDocument<OrderCollection>(json, options);
}

Result<ApiFault> ParseApiFault(std::string_view json, const ParseOptions& options) {
  return ParseDocument<ApiFault>(json, options);
}

Result<Product> ParseProduct(std::string_view json, const ParseOptions& options) {
  return ParseDocument<Product>(json, options);
}

Result<Sku> ParseSku(std::string_view json, const ParseOptions& options) {
  return ParseDocument<Sku>(json, options);
}

Result<Availability> ParseAvailability(std::string_view json, const ParseOptions& options) {
  return ParseDocument<Availability>(json, options);
}

Result<ProductCollection> ParseProductCollection(std::string_view json,
                                                 const ParseOptions& options) {
  return ParseDocument<ProductCollection>(json, options);
}

Result<SkuCollection> ParseSkuCollection(std::string_view json, const ParseOptions& options) {
  return ParseDocument<SkuCollection>(json, options);
}

Result<AvailabilityCollection> ParseAvailabilityCollection(std::string_view json,
                                                           const ParseOptions& options) {
  return ParseDocument<AvailabilityCollection>(json, options);
}

Result<ProvisioningStatusCollection> ParseProvisioningStatusCollection(
    std::string_view json, const ParseOptions& options) {
  return ParseDocument<ProvisioningStatusCollection>(json, options);
}

Result<Subscription> ParseSubscription(std::string_view json, const ParseOptions& options) {
  return ParseDocument<Subscription>(json, options);
}

Result<SubscriptionCollection> ParseSubscriptionCollection(std::string_view json,
                                                           const ParseOptions& options) {
  return ParseDocument<SubscriptionCollection>(json, options);
}

std::string ToJson(const Cart& cart) {
  return WriteDocument(cart, kBaseBytes + kBytesPerCartLine * cart.line_items.size());
}

std::string ToJson(const CartLineItem& line) { return WriteDocument(line, kBytesPerCartLine); }

std::string ToJson(const CartCheckoutResult& result) {
  return WriteDocument(result, kBaseBytes + kBytesPerOrder * result.orders.size());
}

std::string ToJson(const Order& order) { return WriteDocument(order, kBytesPerOrder); }

std::string ToJson(const OrderCollection& collection) {
  return WriteDocument(collection, kBaseBytes + kBytesPerOrder * collection.items.size());
}

std::string ToJson(const ApiFault& fault) { return WriteDocument(fault, kBaseBytes); }

std::string ToJson(const Product& product) { return WriteDocument(product, kBytesPerCatalogEntry); }

std::string ToJson(const Sku& sku) { return WriteDocument(sku, kBytesPerCatalogEntry); }

std::string ToJson(const Availability& availability) {
  return WriteDocument(availability, 3 * kBytesPerCatalogEntry);
}

std::string ToJson(const ProductCollection& collection) {
  return WriteDocument(collection, kBaseBytes + kBytesPerCatalogEntry * collection.items.size());
}

std::string ToJson(const SkuCollection& collection) {
  return WriteDocument(collection, kBaseBytes + kBytesPerCatalogEntry * collection.items.size());
}

std::string ToJson(const AvailabilityCollection& collection) {
  return WriteDocument(collection,
                       kBaseBytes + 3 * kBytesPerCatalogEntry * collection.items.size());
}

std::string ToJson(const ProvisioningStatusCollection& collection) {
  return WriteDocument(collection, kBaseBytes + 128 * collection.items.size());
}

std::string ToJson(const Subscription& subscription) {
  return WriteDocument(subscription, kBytesPerSubscription);
}

std::string ToJson(const SubscriptionCollection& collection) {
  return WriteDocument(collection, kBaseBytes + kBytesPerSubscription * collection.items.size());
}

namespace {

// Room for the head of a collection, up to the '[' of its items, with the longest totalCount.
constexpr std::string_view kLongestCollectionHead = "{\"totalCount\":-2147483648,\"items\":[";
constexpr std::string_view kItemsMember = "\"items\":[";

}  // namespace

template <typename T>
CollectionEncoder<T>::CollectionEncoder(std::string& out) : out_(out), start_(out.size()) {
  out_.append(kLongestCollectionHead.size(), ' ');
}

template <typename T>
void CollectionEncoder<T>::Add(const T& item) {
  // As ToJson writes the items array: objects separated by commas.
  if (count_ > 0) {
    out_.push_back(',');
  }
  wire::JsonWriter w(out_);
  wire::WriteObject(w, item);
  ++count_;
}

template <typename T>
void CollectionEncoder<T>::Finish(const std::optional<StandardLinks>& links,
                                  const std::optional<ResourceAttributes>& attributes) {
  // The collection without its items, written by the field table as ToJson writes it:
  // {"totalCount":N,"items":[],"links":...}. Its text up to the items' '[' is the head; from
  // their ']' on, the tail. The first "items":[ is the member's: totalCount, an integer, is all
  // that precedes it.
  ResourceCollection<T> frame;
  frame.total_count = count_;
  frame.links = links;
  frame.attributes = attributes;
  const std::string empty = WriteDocument(frame, kBaseBytes);
  const std::size_t split = empty.find(kItemsMember) + kItemsMember.size();
  const std::string_view head(empty.data(), split);
  out_.append(empty, split, std::string::npos);
  // The head goes at the end of the room left for it; the rest of the room is removed.
  const std::size_t spare = kLongestCollectionHead.size() - head.size();
  out_.replace(start_ + spare, head.size(), head);
  out_.erase(start_, spare);
}

template class CollectionEncoder<Order>;
template class CollectionEncoder<Subscription>;

std::string CamelCaseKey(std::string_view key) {
  // Newtonsoft's CamelCaseNamingStrategy: lower-case the leading run of capitals, except that
  // the last capital of a run stays when a lower-case letter follows it ("URLValue" ->
  // "urlValue"), and nothing changes when the key does not start with a capital.
  const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto to_lower = [](char c) { return static_cast<char>(c - 'A' + 'a'); };
  std::string out(key);
  if (out.empty() || !is_upper(out[0])) {
    return out;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i == 1 && !is_upper(out[i])) {
      break;
    }
    const bool has_next = i + 1 < out.size();
    if (i > 0 && has_next && !is_upper(out[i + 1])) {
      // "FOO bar" -> "foo bar": a capital before a space ends the run but is still lowered.
      if (out[i + 1] == ' ') {
        out[i] = to_lower(out[i]);
      }
      break;
    }
    out[i] = to_lower(out[i]);
  }
  return out;
}

}  // namespace partnercenter
