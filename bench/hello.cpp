// The whole-process floor: a C++ program that prints one line (start-up of the runtime alone).
#include <cstdio>

int main() { std::puts("hello"); }
