#include <iostream>

#include "cartctl/cli.h"

int main(int argc, char** argv) { return cartctl::Run(argc, argv, std::cout, std::cerr); }
