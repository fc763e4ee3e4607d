/*
 * fuzz.h -- the entry point every fuzz target defines, shared by libFuzzer
 * and the standalone replay driver.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_FUZZ_H
#define KG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the process on a broken invariant, in any build (assert() may be
 * compiled out in Release). */
#define FUZZ_CHECK(cond)                                                    \
    do {                                                                    \
        if (!(cond))                                                        \
            fuzz_fail(#cond, __FILE__, __LINE__);                           \
    } while (0)

static inline void fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "%s:%d: broken invariant: %s\n", file, line, what);
    abort();
}

#endif
