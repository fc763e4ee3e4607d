/*
 * standalone.c -- a main() that replays fuzz inputs without libFuzzer, so
 * that every corpus runs as an ordinary test under any compiler (libgit2
 * tests/fuzzers/standalone_driver.c, raptor tests/fuzz).
 *
 * Each argument is a file or a directory; every regular file in a
 * directory is one input. The target's LLVMFuzzerTestOneInput() runs once
 * per input; a crash or a sanitizer report fails the test, and the input
 * that caused it is named on stderr before it runs.
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t len = 0, cap = 0, n;

    if (!fp) {
        fprintf(stderr, "fuzz: %s: cannot open\n", path);
        return 1;
    }
    for (;;) {
        if (len == cap) {
            unsigned char *nd;
            cap = cap ? cap * 2 : 4096;
            if ((nd = realloc(data, cap)) == NULL) {
                free(data);
                fclose(fp);
                return 1;
            }
            data = nd;
        }
        if ((n = fread(data + len, 1, cap - len, fp)) == 0)
            break;
        len += n;
    }
    fclose(fp);
    fprintf(stderr, "fuzz: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

static int compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every regular file of 'dir' in name order. */
static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i;
    int failed = 0;

    if (!d) {
        fprintf(stderr, "fuzz: %s: cannot open\n", dir);
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        char **nn;
        if (e->d_name[0] == '.')
            continue;
        if ((nn = realloc(names, (n + 1) * sizeof(*nn))) == NULL)
            break;
        names = nn;
        if ((names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL)
            break;
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), compare);
    for (i = 0; i < n; i++) {
        struct stat sb;
        if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
            failed |= run_file(names[i]);
            (*count)++;
        }
        free(names[i]);
    }
    free(names);
    return failed;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int i, failed = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            fprintf(stderr, "fuzz: %s: no such file\n", argv[i]);
            failed = 1;
        } else if (S_ISDIR(sb.st_mode)) {
            failed |= run_dir(argv[i], &count);
        } else {
            failed |= run_file(argv[i]);
            count++;
        }
    }
    fprintf(stderr, "fuzz: %zu inputs replayed\n", count);
    if (count == 0)
        failed = 1;
    return failed;
}
