// The Partner Center contract as C++ value types: the cart API's Cart, CartLineItem,
// CartCheckoutResult and Order, the order's provisioning status and Subscription, the products
// API's Product, Sku and Availability, and the small types they are made of.
//
// These are the wire types, with every field of the contract. The SDK returns them, cartd's server
// reads and writes them, and cartd's stores persist them, so a field added here travels through
// every layer. `std::optional` marks members that may be absent on the wire (JSON `null` and a
// missing member mean the same); absent members are not written. Conversion to and from JSON is in
// partnercenter/json.h.
//
// Plain structs: no invariants, no thread-safety concerns beyond those of the standard library.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace partnercenter {

// 100 ns ticks: Partner Center (a .NET service) writes timestamps with seven fractional digits.
using Ticks = std::chrono::duration<std::int64_t, std::ratio<1, 10'000'000>>;
// A UTC instant, written as "2019-01-16T00:45:41.6062996Z".
using Timestamp = std::chrono::sys_time<Ticks>;

// Ordered string pairs. Used where the contract has a JSON object of strings whose member order
// clients see (provisioningContext), so that a cart echoes what was sent.
using StringPairs = std::vector<std::pair<std::string, std::string>>;

// BillingCycleType. Written snake_case ("one_time"); read as snake_case, PascalCase or the integer.
enum class BillingCycle {
  kUnknown = 0,
  kMonthly = 1,
  kAnnual = 2,
  kNone = 3,
  kOneTime = 4,
  kTriennial = 5,
  kBiennial = 6,
};

// ParticipantType, the key of a participant. Written snake_case ("transaction_reseller").
enum class ParticipantType {
  kUnknown = 0,
  kTransactionReseller = 1,
  kConsumptionReseller = 2,
  kAdditionalTransactionReseller = 3,
};

// Cart status, written PascalCase: "Active" (editable, can be checked out) or "Ordered".
enum class CartStatus {
  kActive = 0,
  kOrdered = 1,
};

// CartErrorCode values (cart line errors are integers on the wire). Unknown values round-trip as
// plain integers in CartError::error_code.
namespace cart_error {
inline constexpr int kUnknown = 0;
inline constexpr int kCurrencyIsNotSupported = 10000;
inline constexpr int kCatalogItemIdIsNotValid = 10001;
inline constexpr int kQuotaNotAvailable = 10002;
inline constexpr int kInventoryNotAvailable = 10003;
inline constexpr int kParticipantsIsNotSupportedForPartner = 10004;
inline constexpr int kUnableToProcessCartLineItem = 10006;
inline constexpr int kSubscriptionIsNotValid = 10007;
inline constexpr int kSubscriptionIsNotEnabledForRI = 10008;
inline constexpr int kSandboxLimitExceeded = 10009;
inline constexpr int kInvalidInput = 10010;
inline constexpr int kSubscriptionNotRegistered = 10011;
inline constexpr int kAttestationNotAccepted = 10012;
inline constexpr int kBillingPlanNotSupported = 10013;
inline constexpr int kInvalidPromotionId = 10014;
inline constexpr int kMaxAllowedSeatsPerSubscriptionExceeded = 10015;
inline constexpr int kInvalidCustomTermEndDateProduct = 10016;
inline constexpr int kInvalidCustomTermEndDate = 10017;
inline constexpr int kBaseOfferSeatQuantityNotMet = 10018;
inline constexpr int kMinimumAddOnSeatsNotMet = 10019;
inline constexpr int kLegacyOfferNotEligibleForPurchase = 500600;
}  // namespace cart_error

// {"key": "...", "value": "..."}, as in Link headers.
struct KeyValue {
  std::string key;
  std::string value;
  friend bool operator==(const KeyValue&, const KeyValue&) = default;
};

// A hypermedia link: {"uri": "/customers/.../carts/...", "method": "GET", "headers": []}.
struct Link {
  std::string uri;
  std::string method;
  std::vector<KeyValue> headers;
  std::optional<std::string> body;
  friend bool operator==(const Link&, const Link&) = default;
};

// {"objectType": "Cart"} and an optional etag.
struct ResourceAttributes {
  std::optional<std::string> etag;
  std::optional<std::string> object_type;
  friend bool operator==(const ResourceAttributes&, const ResourceAttributes&) = default;
};

// {"self": Link}.
struct StandardLinks {
  std::optional<Link> self;
  friend bool operator==(const StandardLinks&, const StandardLinks&) = default;
};

// A participant in a purchase: {"key": "transaction_reseller", "value": "5357564"}.
struct Participant {
  ParticipantType key = ParticipantType::kUnknown;
  std::string value;
  friend bool operator==(const Participant&, const Participant&) = default;
};

// {"termDuration": "P1Y"}.
struct RenewsTo {
  std::optional<std::string> term_duration;
  friend bool operator==(const RenewsTo&, const RenewsTo&) = default;
};

// A problem with one cart line. The cart is still stored; checkout refuses it.
struct CartError {
  int error_code = cart_error::kUnknown;  // a cart_error:: value
  std::string error_description;
  // "additionalInformation": a JSON object, kept as its JSON text; absent when not set.
  std::optional<std::string> additional_information_json;
  friend bool operator==(const CartError&, const CartError&) = default;
};

// One line of a cart. Add-ons bought on top of this line's subscription are nested in
// `addon_items` and share its order group.
struct CartLineItem {
  std::optional<int> id;  // unique within the cart; assigned by the server when missing
  std::optional<std::string> catalog_item_id;  // "product:sku:availability" or a legacy offer id
  std::optional<std::string> friendly_name;    // the partner's nickname for the line
  // Plain int as in the .NET SDK, so that `line.quantity++` reads naturally; 0 when absent.
  int quantity = 0;
  std::optional<std::string> currency_code;  // set by the server from the customer's market
  std::optional<BillingCycle> billing_cycle;
  std::optional<std::string> term_duration;  // ISO 8601 duration: "P1M", "P1Y", "P3Y"
  std::optional<std::string> promotion_id;
  std::optional<std::vector<Participant>> participants;
  std::optional<StringPairs> provisioning_context;  // keys are camel-cased when written
  std::optional<std::string> order_group;           // set by the server: "0", "1", "OMS-0", ...
  std::optional<std::string> purchase_system;
  std::optional<std::vector<CartLineItem>> addon_items;
  std::optional<RenewsTo> renews_to;
  std::optional<Timestamp> custom_term_end_date;
  std::optional<bool> attestation_accepted;
  std::optional<CartError> error;  // set by the server when the line has a problem
  friend bool operator==(const CartLineItem&, const CartLineItem&) = default;
};

// A customer's cart (objectType "Cart").
struct Cart {
  std::optional<std::string> id;
  std::optional<Timestamp> creation_timestamp;
  std::optional<Timestamp> last_modified_timestamp;
  std::optional<Timestamp> expiration_timestamp;
  std::optional<std::string> last_modified_user;
  std::vector<CartLineItem> line_items;
  std::optional<CartStatus> status;
  std::optional<bool> partner_on_record_attestation_accepted;
  std::optional<StandardLinks> links;
  std::optional<ResourceAttributes> attributes;
  friend bool operator==(const Cart&, const Cart&) = default;
};

// Prices of an order line, in the order's currency. Each member is omitted when absent.
struct Pricing {
  std::optional<double> list_price;
  std::optional<double> discounted_price;
  std::optional<double> prorated_price;
  std::optional<double> price;
  std::optional<double> extended_price;
  friend bool operator==(const Pricing&, const Pricing&) = default;
};

struct OrderLineItemLinks {
  std::optional<Link> product;
  std::optional<Link> sku;
  std::optional<Link> availability;
  std::optional<Link> subscription;
  std::optional<Link> provisioning_status;
  std::optional<Link> activation_links;
  friend bool operator==(const OrderLineItemLinks&, const OrderLineItemLinks&) = default;
};

struct OrderLineItem {
  int line_item_number = 0;  // 0..n-1 within the order
  std::string offer_id;      // the cart line's catalog item id
  std::optional<std::string> subscription_id;
  std::optional<std::string> parent_subscription_id;
  std::optional<std::string> term_duration;
  std::optional<RenewsTo> renews_to;
  std::optional<std::string> transaction_type;  // "New"
  std::optional<std::string> promotion_id;
  std::optional<Timestamp> custom_term_end_date;
  std::optional<std::string> friendly_name;  // the catalog's title
  int quantity = 0;
  std::optional<Pricing> pricing;
  std::optional<std::string> partner_id_on_record;
  std::optional<std::vector<std::string>> additional_partner_ids_on_record;
  std::optional<StringPairs> provisioning_context;
  std::optional<bool> attestation_accepted;
  std::optional<OrderLineItemLinks> links;
  friend bool operator==(const OrderLineItem&, const OrderLineItem&) = default;
};

struct OrderLinks {
  std::optional<Link> self;
  std::optional<Link> provisioning_status;
  std::optional<Link> patch_operation;
  friend bool operator==(const OrderLinks&, const OrderLinks&) = default;
};

// An order placed by checkout (objectType "Order"): one per order group of the cart.
struct Order {
  std::string id;  // 12 lowercase hex characters
  std::optional<std::string> alternate_id;
  std::optional<std::string> reference_customer_id;
  std::optional<BillingCycle> billing_cycle;
  std::optional<std::string> currency_code;
  std::optional<std::string> currency_symbol;
  std::vector<OrderLineItem> line_items;
  std::optional<Timestamp> creation_date;
  std::optional<std::string> status;            // "pending", "completed", ...
  std::optional<std::string> transaction_type;  // "UserPurchase"
  std::optional<double> total_price;
  std::optional<bool> partner_on_record_attestation_accepted;
  std::optional<OrderLinks> links;
  std::optional<ResourceAttributes> attributes;
  friend bool operator==(const Order&, const Order&) = default;
};

// An order group that checkout could not order.
struct OrderError {
  std::string order_group_id;
  int code = 0;
  std::string description;
  std::optional<ResourceAttributes> attributes;
  friend bool operator==(const OrderError&, const OrderError&) = default;
};

// What checkout returns (objectType "CartCheckoutResult").
struct CartCheckoutResult {
  std::vector<Order> orders;
  std::vector<OrderError> order_errors;
  std::optional<ResourceAttributes> attributes;
  friend bool operator==(const CartCheckoutResult&, const CartCheckoutResult&) = default;
};

// A list answer (objectType "Collection"): every item in one page, so totalCount is the number
// of items; links.self is the list's path (and the query it was asked with).
template <typename T>
struct ResourceCollection {
  int total_count = 0;
  std::vector<T> items;
  std::optional<StandardLinks> links;
  std::optional<ResourceAttributes> attributes;
  friend bool operator==(const ResourceCollection&, const ResourceCollection&) = default;
};

// A customer's orders.
using OrderCollection = ResourceCollection<Order>;

// How many of an order line's units are provisioned, and how far: {"quantity", "status"}.
struct QuantityProvisioningStatus {
  int quantity = 0;
  std::string status;
  friend bool operator==(const QuantityProvisioningStatus&,
                         const QuantityProvisioningStatus&) = default;
};

// The provisioning state of one order line: "fulfilled", "prefulfillmentpending" (still being
// provisioned) or "unfulfilled" (cancelled).
struct OrderLineItemProvisioningStatus {
  int line_item_number = 0;
  std::string status;
  std::vector<QuantityProvisioningStatus> quantity_provisioning_information;
  friend bool operator==(const OrderLineItemProvisioningStatus&,
                         const OrderLineItemProvisioningStatus&) = default;
};

// An order's line provisioning states.
using ProvisioningStatusCollection = ResourceCollection<OrderLineItemProvisioningStatus>;

struct SubscriptionLinks {
  std::optional<Link> offer;
  std::optional<Link> parent_subscription;
  std::optional<Link> product;
  std::optional<Link> sku;
  std::optional<Link> availability;
  std::optional<Link> activation_links;
  std::optional<Link> self;
  friend bool operator==(const SubscriptionLinks&, const SubscriptionLinks&) = default;
};

// A customer's subscription (objectType "Subscription"): what one order line bought.
struct Subscription {
  std::string id;
  std::optional<std::string> entitlement_id;
  std::optional<std::string> offer_id;    // the catalog item id
  std::optional<std::string> offer_name;  // the catalog's title
  std::optional<std::string> friendly_name;
  int quantity = 0;
  std::optional<std::string> unit_type;  // "Licenses", "Usage-based", "none"
  std::optional<std::string> parent_subscription_id;
  std::optional<bool> has_purchasable_addons;
  std::optional<Timestamp> creation_date;
  std::optional<Timestamp> effective_start_date;
  std::optional<Timestamp> commitment_end_date;
  std::optional<Timestamp> cancellation_allowed_until_date;
  std::optional<std::string> status;  // "active", "pending", "suspended", "expired", "deleted"
  std::optional<bool> auto_renew_enabled;
  std::optional<bool> is_trial;
  std::optional<std::string> billing_type;  // "license", "usage", "none"
  std::optional<BillingCycle> billing_cycle;
  std::optional<std::string> term_duration;
  std::optional<std::string> renewal_term_duration;
  std::optional<bool> is_microsoft_product;
  std::optional<std::string> partner_id;     // the reseller of record
  std::optional<std::string> contract_type;  // "subscription"
  std::optional<std::string> promotion_id;
  std::optional<SubscriptionLinks> links;
  std::optional<std::string> publisher_name;
  std::optional<std::string> order_id;
  std::optional<ResourceAttributes> attributes;
  friend bool operator==(const Subscription&, const Subscription&) = default;
};

using SubscriptionCollection = ResourceCollection<Subscription>;

// --- The products API (catalog reads): products -> SKUs -> availabilities, looked up by country.

// A product's type: {"id": "Azure", "displayName": "Azure", "subType": {...}}. Partner Center
// nests one subtype at most.
struct ItemSubType {
  std::string id;
  std::string display_name;
  friend bool operator==(const ItemSubType&, const ItemSubType&) = default;
};

struct ItemType {
  std::string id;  // "OnlineServicesNCE", "Azure", "Software", ...
  std::string display_name;
  std::optional<ItemSubType> sub_type;  // absent, not null, when the type has none
  friend bool operator==(const ItemType&, const ItemType&) = default;
};

// {"skus": Link, "self": Link}.
struct ProductLinks {
  std::optional<Link> skus;
  std::optional<Link> self;
  friend bool operator==(const ProductLinks&, const ProductLinks&) = default;
};

// A purchasable good or service (objectType "Product"); not itself purchasable: its SKUs'
// availabilities are.
struct Product {
  std::string id;  // "CFQ7TTC0LH18"
  std::string title;
  std::string description;
  ItemType product_type;
  std::optional<bool> is_microsoft_product;
  std::optional<std::string> publisher_name;
  std::optional<ProductLinks> links;
  std::optional<ResourceAttributes> attributes;
  friend bool operator==(const Product&, const Product&) = default;
};

// {"availabilities": Link, "self": Link}.
struct SkuLinks {
  std::optional<Link> availabilities;
  std::optional<Link> self;
  friend bool operator==(const SkuLinks&, const SkuLinks&) = default;
};

// A shape of a product (objectType "Sku"); its id is unique within the product.
struct Sku {
  std::string id;  // "0001"
  std::string product_id;
  std::string title;
  std::string description;
  int minimum_quantity = 0;
  int maximum_quantity = 0;
  bool is_trial = false;
  std::vector<BillingCycle> supported_billing_cycles;  // written snake_case: "one_time"
  // "InventoryCheck", "AzureSubscriptionRegistration", "MicrosoftCloudAgreement".
  std::vector<std::string> purchase_prerequisites;
  // "CustomerId", "AzureSubscriptionId", "ArmRegionName".
  std::optional<std::vector<std::string>> inventory_variables;
  // The provisioningContext keys a cart line for it must carry: "SubscriptionId", "Scope", ...
  std::vector<std::string> provisioning_variables;
  // "dynamicAttributes": a JSON object of properties that may change without notice (values of
  // any JSON type), kept as its JSON text; absent when not set.
  std::optional<std::string> dynamic_attributes_json;
  std::optional<SkuLinks> links;
  std::optional<ResourceAttributes> attributes;
  friend bool operator==(const Sku&, const Sku&) = default;
};

// {"code": "USD", "symbol": "$"}.
struct DefaultCurrency {
  std::string code;
  std::string symbol;
  friend bool operator==(const DefaultCurrency&, const DefaultCurrency&) = default;
};

// A term an availability can be bought for, and one billing cycle it can be paid in.
struct Term {
  std::optional<std::string> id;        // new-commerce terms have one ("5aeco6mffyxo")
  std::optional<std::string> duration;  // ISO 8601: "P1M", "P1Y", "P3Y"
  std::string description;              // "1 Year Prepaid"
  // PascalCase, unlike supportedBillingCycles: "Monthly", "Annual", "OneTime", "None", ...
  std::optional<std::string> billing_cycle;
  friend bool operator==(const Term&, const Term&) = default;
};

// A configuration in which a SKU can be bought: country, currency, segment, terms (objectType
// "Availability"). Its catalogItemId is what a cart line names.
struct Availability {
  std::string id;  // unique within the product and SKU
  std::string product_id;
  std::string sku_id;
  std::string catalog_item_id;  // "product:sku:availability"
  std::optional<DefaultCurrency> default_currency;
  std::optional<std::string> segment;  // "commercial", "education", "government", "nonprofit"
  std::optional<std::string> country;  // ISO 3166-1 alpha-2: "US"
  bool is_purchasable = false;
  bool is_renewable = false;
  std::vector<Term> terms;
  std::optional<Product> product;
  std::optional<Sku> sku;
  std::optional<StandardLinks> links;
  std::optional<ResourceAttributes> attributes;
  friend bool operator==(const Availability&, const Availability&) = default;
};

using ProductCollection = ResourceCollection<Product>;
using SkuCollection = ResourceCollection<Sku>;
using AvailabilityCollection = ResourceCollection<Availability>;

// Partner Center's error body:
// {"code": 800008, "description": "...", "data": [], "source": "PartnerFD"}.
struct ApiFault {
  int code = 0;
  std::string description;
  // Members of "data", each kept as its JSON text (strings keep their quotes).
  std::vector<std::string> data_json;
  std::optional<std::string> source;
  friend bool operator==(const ApiFault&, const ApiFault&) = default;
};

// Wire spellings of the enums ("one_time", "transaction_reseller", "Active"). A value outside the
// enumeration gives "unknown" ("Unknown" for CartStatus).
const char* ToString(BillingCycle value);
const char* ToString(ParticipantType value);
const char* ToString(CartStatus value);

// "2019-01-16T00:45:41.6062996Z": UTC, seven fractional digits; years 0001 to 9999 with four
// digits (outside that range, as many digits as needed, which ParseTimestamp does not read).
std::string FormatTimestamp(Timestamp t);
// Reads ISO 8601 date-times "YYYY-MM-DDThh:mm:ss": with or without a fraction (one digit or more;
// beyond seven are truncated), with "Z", a "+hh:mm"/"-hh:mm" offset, or no zone (taken as UTC);
// "T" or a space between date and time ("t" and "z" in lower case too). A date alone
// ("2022-02-19") is midnight UTC. nullopt when the text is not such a date-time, names a day
// or time that does not exist, or has an offset that moves it out of years 0000 to 9999.
std::optional<Timestamp> ParseTimestamp(std::string_view text);

}  // namespace partnercenter
