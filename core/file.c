/*
 * file.c -- reading whole input files (or stdin) with a size limit.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kg_int.h"

int kg_file_read(const char *path, size_t max_bytes, kg_buf *out,
                 kg_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    size_t start = out->size;
    FILE *fp = NULL;
    struct stat st;
    char chunk[65536];
    size_t n;
    int error = 0;

    if (!is_stdin) {
        if (stat(path, &st) != 0) {
            error = kg_error_set(err, errno == ENOENT ? KG_ENOTFOUND : KG_EIO,
                                 "cannot read: %s", strerror(errno));
            goto done;
        }
        if (S_ISDIR(st.st_mode)) {
            error = kg_error_set(err, KG_EIO, "is a directory");
            goto done;
        }
        if (max_bytes && S_ISREG(st.st_mode) &&
            (unsigned long long)st.st_size > max_bytes) {
            error = kg_error_set(err, KG_EINVALID,
                                 "file is %lld bytes, over the limit of %zu",
                                 (long long)st.st_size, max_bytes);
            goto done;
        }
        if ((fp = fopen(path, "rb")) == NULL) {
            error = kg_error_set(err, KG_EIO, "cannot open: %s",
                                 strerror(errno));
            goto done;
        }
    }
    while ((n = fread(chunk, 1, sizeof(chunk), is_stdin ? stdin : fp)) > 0) {
        if (max_bytes && out->size - start + n > max_bytes) {
            error = kg_error_set(err, KG_EINVALID,
                                 "input is over the limit of %zu bytes",
                                 max_bytes);
            goto done;
        }
        if ((error = kg_buf_put(out, chunk, n)) < 0) {
            kg_error_set(err, error, "out of memory");
            goto done;
        }
    }
    if (ferror(is_stdin ? stdin : fp))
        error = kg_error_set(err, KG_EIO, "read error: %s", strerror(errno));
    else if (kg_buf_grow(out, 0) < 0) /* make ptr non-NULL for empty files */
        error = kg_error_set(err, KG_ENOMEM, "out of memory");

done:
    if (error < 0) {
        kg_error_locate(err, is_stdin ? "<stdin>" : path, 0, 0);
        out->size = start;
        if (out->ptr)
            out->ptr[start] = '\0';
    }
    if (fp)
        fclose(fp);
    return error;
}
