/*
 * buf.c -- kg_buf, the growable NUL-terminated byte buffer strings leave
 * the library in.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "kg_int.h"

int kg_buf_grow(kg_buf *buf, size_t extra)
{
    size_t need, asize;
    char *ptr;

    if (extra > (size_t)-1 / 2 - buf->size)
        return KG_ENOMEM;
    need = buf->size + extra + 1;
    if (need <= buf->asize)
        return 0;
    asize = buf->asize ? buf->asize : 64;
    while (asize < need)
        asize *= 2;
    if ((ptr = kg__realloc(buf->ptr, asize)) == NULL)
        return KG_ENOMEM;
    if (!buf->ptr)
        ptr[0] = '\0';
    buf->ptr = ptr;
    buf->asize = asize;
    return 0;
}

int kg_buf_put(kg_buf *buf, const char *data, size_t len)
{
    if (kg_buf_grow(buf, len) < 0)
        return KG_ENOMEM;
    if (len)
        memcpy(buf->ptr + buf->size, data, len);
    buf->size += len;
    buf->ptr[buf->size] = '\0';
    return 0;
}

int kg_buf_puts(kg_buf *buf, const char *s)
{
    return kg_buf_put(buf, s, strlen(s));
}

int kg_buf_vprintf(kg_buf *buf, const char *fmt, va_list ap)
{
    va_list copy;
    int n;

    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return KG_ERROR;
    if (kg_buf_grow(buf, (size_t)n) < 0)
        return KG_ENOMEM;
    vsnprintf(buf->ptr + buf->size, (size_t)n + 1, fmt, ap);
    buf->size += (size_t)n;
    return 0;
}

int kg_buf_printf(kg_buf *buf, const char *fmt, ...)
{
    va_list ap;
    int error;

    va_start(ap, fmt);
    error = kg_buf_vprintf(buf, fmt, ap);
    va_end(ap);
    return error;
}

void kg_buf_clear(kg_buf *buf)
{
    buf->size = 0;
    if (buf->ptr)
        buf->ptr[0] = '\0';
}

void kg_buf_dispose(kg_buf *buf)
{
    kg__free(buf->ptr);
    buf->ptr = NULL;
    buf->size = buf->asize = 0;
}
