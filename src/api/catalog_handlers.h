// Thin handlers for the products API (SPEC §11): read the query and the path ids, ask the
// catalog in use, render. What is offered where, and which id is unknown, the domain catalog
// decides (domain/catalog.h); what the answers look like, api/catalog_rendering.h.
//
// The query: `country` is required on every route (two ASCII letters, any case; links write it
// in upper case); `targetView` is required on the product list; `targetSegment` filters the three
// lists. Names compare ignoring case, values are percent-decoded; other parameters
// (reservationScope, ...) are ignored. Errors, in this order:
//   kInvalidInput (400/800002)          a malformed query or path id, a parameter given twice,
//                                       country or targetView missing, a country that is not two
//                                       letters
//   kTargetViewNotAllowed (403/400036)  a targetView the catalog does not have
//   kTargetSegmentNotAllowed (403/400030) a targetSegment the catalog does not have
//   kProductNotFound, kSkuNotFound, kAvailabilityNotFound (404/400013, 400018, 400019), the
//                                       outermost unknown id first
//
// Thread-safe: reads the catalog holder only. The catalog is memory-only, so these answer on the
// I/O thread (App::AnswersPromptly).
#pragma once

#include "api/router.h"
#include "domain/catalog_holder.h"
#include "http/message.h"

namespace cartd::api {

class CatalogHandlers {
 public:
  // `catalog` must outlive the handlers; it may hold no catalog (then nothing is offered).
  explicit CatalogHandlers(const CatalogHolder& catalog) : catalog_(catalog) {}

  // Answers `request`, routed to `route`. REQUIRES: IsCatalogOperation(route.operation).
  http::Response Handle(const RouteMatch& route, const http::Request& request) const;

 private:
  const CatalogHolder& catalog_;
};

}  // namespace cartd::api
