// Fully populated contract values for the tests of the contract's types and their codec (every
// optional engaged, containers both empty and not), each with the exact JSON that ToJson must
// produce for it.
#pragma once

#include <cstdint>
#include <string>

#include "partnercenter/models.h"

namespace partnercenter::test {

// 2021-08-18T17:29:52.3517492Z plus `extra_ticks` (100 ns each), built without ParseTimestamp.
Timestamp SampleTime(std::int64_t extra_ticks = 0);

Cart FullCart();
std::string FullCartJson();

Order FullOrder();
std::string FullOrderJson();

CartCheckoutResult FullCheckoutResult();
std::string FullCheckoutResultJson();

OrderCollection FullOrderCollection();
std::string FullOrderCollectionJson();

ApiFault FullApiFault();
std::string FullApiFaultJson();

}  // namespace partnercenter::test
