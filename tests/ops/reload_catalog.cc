#include "tests/ops/reload_catalog.h"

namespace cartd::test {

std::string ReloadTestCatalog(bool second_item) {
  std::string availabilities =
      R"({"id":"AVAIL0000001","terms":[{"duration":"P1M","billingCycles":["monthly"]}],)"
      R"("prices":[{"market":"US","currency":"USD","unitPrice":5}]})";
  if (second_item) {
    availabilities +=
        R"(,{"id":"AVAIL0000002","terms":[{"duration":"P1M","billingCycles":["monthly"]}],)"
        R"("prices":[{"market":"US","currency":"USD","unitPrice":7}]})";
  }
  return R"({"products":[{"id":"PRODUCT00001","title":"Reload test product","skus":[)"
         R"({"id":"0001","availabilities":[)" +
         availabilities + "]}]}]}";
}

}  // namespace cartd::test
