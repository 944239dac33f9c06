// The demo data `cartd serve --demo` loads: a partner tenant, its customers, and the cart of the
// seed page ("Update a cart"), so that the page's request, with its JSON repaired, works as
// printed against a fresh `make run`. The data is data/demo-fixtures.json, compiled in: the
// fixtures format of controls/fixtures.h, which `POST /_cartd/fixtures` and `cartd admin fixtures
// load` also read.
#pragma once

#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "domain/cart_service.h"
#include "domain/cart_store.h"
#include "domain/catalog.h"

namespace cartd::demo {

inline constexpr char kPartnerTenant[] = "9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
inline constexpr char kCustomer[] = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d";
inline constexpr char kSeedCart[] = "65faf57b-0205-47ee-92b3-08dcf233ea73";
// The seed's LastModifiedUser, used as the demo user's object id.
inline constexpr char kUser[] = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc";
// A second partner with a customer of its own, to try tenancy with.
inline constexpr char kOtherPartnerTenant[] = "5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f";
inline constexpr char kOtherPartnersCustomer[] = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

// The seed page's PUT body with its JSON repaired (the page wraps it in a second pair of braces
// and leaves a trailing comma): what the .NET SDK sends to raise the quantity to 2.
inline constexpr char kSeedUpdateBody[] =
    R"({"Id":"b4c8fdea-cbe4-4d17-9576-13fcacbf9605",)"
    R"("CreationTimestamp":"2018-03-15T17:15:02.3840528Z",)"
    R"("LastModifiedTimestamp":"2018-03-15T17:15:02.3840528Z",)"
    R"("ExpirationTimestamp":"0001-01-01T00:00:00",)"
    R"("LastModifiedUser":"2713ccd7-ea3b-470a-9cfb-451d5d0482cc",)"
    R"("LineItems":[{"Id":0,"CatalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB",)"
    R"("FriendlyName":"A_sample_Azure_RI","Quantity":2,"BillingCycle":"one_time",)"
    R"("ProvisioningContext":{"SubscriptionId":"3D5ECED6-1151-44C7-AEE6-70A4BB725666",)"
    R"("Scope":"shared","Duration":"1Year"}}]})";

// data/demo-fixtures.json.
extern const std::string_view kFixtures;

// Adds the demo customers (replacing them if present) and makes sure the seed cart exists and is
// Active: it is (re)created when missing, expired or checked out, and left alone otherwise, so a
// restart keeps the changes made to it. Idempotent.
Status Load(CartStore& store, const Catalog* catalog, const Clock& clock,
            const CartServiceOptions& options);

}  // namespace cartd::demo
