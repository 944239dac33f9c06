// Uses the installed SDK without a server: builds a partner, encodes and decodes a cart and a
// stand-in control document, and checks that a call with unusable options fails cleanly instead
// of throwing.
#include <cstdio>
#include <string>

#include "partnercenter/json.h"
#include "partnercenter/partner_service.h"
#include "partnercenter/stand_in.h"

int main() {
  auto partner = partnercenter::PartnerService::Create(
      partnercenter::Credentials::BearerToken("token"), {.api_root = "http://127.0.0.1:8080"});

  partnercenter::Cart cart;
  partnercenter::CartLineItem line;
  line.id = 0;
  line.catalog_item_id = "DG7GMGF0DWTL:0001:DG7GMGF0DSJB";
  line.quantity = 1;
  line.billing_cycle = partnercenter::BillingCycle::kOneTime;
  cart.line_items.push_back(line);
  cart.line_items[0].quantity++;

  const std::string json = partnercenter::ToJson(cart);
  const partnercenter::Result<partnercenter::Cart> decoded = partnercenter::ParseCart(json);
  if (!decoded || *decoded != cart) {
    std::fprintf(stderr, "round trip failed: %s\n", json.c_str());
    return 1;
  }

  auto misconfigured = partnercenter::PartnerService::Create(
      partnercenter::Credentials::BearerToken("token"), {.api_root = "not a url"});
  const auto refused = misconfigured->Customers().ById("c").Carts().ById("x").Get();
  if (refused || refused.error().kind != partnercenter::ErrorKind::kInvalidArgument) {
    std::fprintf(stderr, "expected kInvalidArgument for an unusable api_root\n");
    return 1;
  }

  const partnercenter::FaultRule rule{.operation = "update", .status = 429, .count = 2};
  const auto rule_back = partnercenter::ParseFaultRule(partnercenter::ToJson(rule));
  if (!rule_back || *rule_back != rule) {
    std::fprintf(stderr, "fault rule round trip failed: %s\n", partnercenter::ToJson(rule).c_str());
    return 1;
  }
  auto stand_in = partnercenter::StandInService::Create(
      partnercenter::Credentials::BearerToken("cartd-control-x"), {.api_root = "not a url"});
  if (stand_in->Clock().Get() ||
      stand_in->Clock().Get().error().kind != partnercenter::ErrorKind::kInvalidArgument) {
    std::fprintf(stderr, "expected kInvalidArgument from the stand-in client\n");
    return 1;
  }

  std::printf("partnercenter %s, correlation id %s\n%s\n", partnercenter::SdkVersion(),
              partner->correlation_id().c_str(), json.c_str());
  return 0;
}
