/*
 * sha256.c -- content digests of articles, through nettle.
 *
 * SPDX-License-Identifier: MIT
 */
#include <nettle/sha2.h>

#include "kg_int.h"

void kg__sha256_hex(char hex[65], const void *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    struct sha256_ctx sha;
    uint8_t digest[SHA256_DIGEST_SIZE];
    size_t i;

    sha256_init(&sha);
    sha256_update(&sha, len, data);
    sha256_digest(&sha, sizeof(digest), digest);
    for (i = 0; i < sizeof(digest); i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}
