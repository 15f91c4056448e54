/* The C baseline: prints "hi" (dynamic glibc). */
#include <stdio.h>
int main(void) { puts("hi"); return 0; }
