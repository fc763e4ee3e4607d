/*
 * error.c -- kg_error: fixed-size error detail that never allocates.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "kg_int.h"

void kg_error_clear(kg_error *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

int kg_error_set(kg_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    char *nl;

    if (!err || err->code != 0)
        return code;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    /* Messages are one line: raptor and rasqal sometimes end with '\n'. */
    while ((nl = strpbrk(err->message, "\r\n")) != NULL)
        *nl = (nl[1] == '\0') ? '\0' : ' ';
    return code;
}

void kg_error_locate(kg_error *err, const char *where, int line, int column)
{
    if (!err)
        return;
    if (where)
        snprintf(err->where, sizeof(err->where), "%s", where);
    err->line = line;
    err->column = column;
}

const char *kg_error_name(int code)
{
    switch (code) {
    case KG_OK:
        return "ok";
    case KG_ENOMEM:
        return "out of memory";
    case KG_EIO:
        return "i/o error";
    case KG_ENOTFOUND:
        return "not found";
    case KG_EPARSE:
        return "parse error";
    case KG_EQUERY:
        return "query error";
    case KG_EINVALID:
        return "invalid input";
    case KG_ETIMEOUT:
        return "timeout";
    case KG_EUNSUPPORTED:
        return "unsupported";
    default:
        return "error";
    }
}

const char *kg_version(void)
{
    return KG_VERSION_STRING;
}
