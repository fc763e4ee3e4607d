/*
 * bench_extract.c -- time extraction alone (no CLI, no output files) over
 * a list of article files, one process on one core.
 *
 *   bench_extract MODE LISTFILE
 *
 * MODE: "entities" runs the reader and the entity pass only (tokens,
 * lexicon and context spans, mentions: the first pass of kg_extract);
 * "events" runs kg_extract() whole (entities, surnames, roles, events,
 * ids); "json" adds kg_doc_to_json() into memory. LISTFILE holds one path
 * per line. The clock is the process's CPU time around extraction only
 * (files are read outside it), so the figure is per core and does not
 * count disk or other processes on the machine. Prints bytes, seconds and
 * MB/s (10^6 bytes) on one line. Built by bench/extract/run.sh against
 * the static library and the internal headers of extract/.
 *
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc_int.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The first pass of kg_extract (doc.c): reader, tokens, entity spans. */
static int entities_only(const kg_lexicon *lex, const char *text,
                         size_t len, size_t *count)
{
    kg_doc *doc = kg__calloc(1, sizeof(*doc));
    kg__vec toks = KG__VEC_INIT(kg__token), all = KG__VEC_INIT(kg__token);
    kg__vec spans = KG__VEC_INIT(kg__span);
    kg_buf scratch = KG_BUF_INIT;
    kg_error err = {0};
    size_t s, w, b, n;
    int error;

    if (!doc)
        return KG_ENOMEM;
    doc->entities.size = sizeof(kg__entity);
    doc->mentions.size = sizeof(kg__mention);
    doc->roles.size = sizeof(kg__role);
    doc->events.size = sizeof(kg__event);
    if ((error = kg__article_read(&doc->art, text, len, "bench", &err)) < 0) {
        memset(&doc->art, 0, sizeof(doc->art));
        goto done;
    }
    for (s = 0; s < doc->art.n_sentences; s++) {
        const kg__sentence *st = &doc->art.sentences[s];
        if ((error = kg__tokenize(&all, &scratch, lex, doc->art.text,
                                  st->begin, st->end)) < 0)
            goto done;
        for (w = 0; w * KG__WINDOW < all.count || w == 0; w++) {
            b = w * KG__WINDOW;
            n = all.count > b ? all.count - b : 0;
            if (n > KG__WINDOW)
                n = KG__WINDOW;
            toks.count = 0;
            while (toks.count < n) {
                kg__token *t = kg__vec_push(&toks);
                if (!t) {
                    error = KG_ENOMEM;
                    goto done;
                }
                *t = *KG__VEC_AT(&all, kg__token, b + toks.count - 1);
            }
            if ((error = kg__find_entities(doc, lex, s, &toks, &spans)) < 0)
                goto done;
        }
    }
    *count += doc->mentions.count;
done:
    kg__vec_dispose(&toks);
    kg__vec_dispose(&all);
    kg__vec_dispose(&spans);
    kg_buf_dispose(&scratch);
    kg_doc_free(doc);
    return error;
}

int main(int argc, char **argv)
{
    kg_lexicon *lex = NULL;
    FILE *list;
    char path[4096];
    char *buf = NULL;
    size_t cap = 0, bytes = 0, files = 0, items = 0;
    double spent = 0;
    int mode;

    if (argc != 3 || (strcmp(argv[1], "entities") != 0 &&
                      strcmp(argv[1], "events") != 0 &&
                      strcmp(argv[1], "json") != 0)) {
        fprintf(stderr, "usage: bench_extract entities|events|json LIST\n");
        return 2;
    }
    mode = argv[1][0] == 'e' && argv[1][1] == 'n' ? 0
           : argv[1][0] == 'e'                    ? 1
                                                  : 2;
    if (kg_lexicon_new(&lex, NULL) != 0 ||
        (list = fopen(argv[2], "r")) == NULL) {
        fprintf(stderr, "bench_extract: cannot start\n");
        return 1;
    }
    while (fgets(path, sizeof(path), list)) {
        FILE *f;
        size_t len = strlen(path), got;
        double t0;
        if (len && path[len - 1] == '\n')
            path[--len] = '\0';
        if (!len || (f = fopen(path, "rb")) == NULL)
            continue;
        fseek(f, 0, SEEK_END);
        len = (size_t)ftell(f);
        fseek(f, 0, SEEK_SET);
        if (len + 1 > cap) {
            cap = len + 1;
            buf = realloc(buf, cap);
        }
        got = fread(buf, 1, len, f);
        fclose(f);
        t0 = now();
        if (mode == 0) {
            if (entities_only(lex, buf, got, &items) < 0)
                fprintf(stderr, "bench_extract: %s failed\n", path);
        } else {
            kg_extract_options opts = KG_EXTRACT_OPTIONS_INIT;
            kg_error err = {0};
            kg_doc *doc = NULL;
            opts.source_name = path;
            if (kg_extract(&doc, lex, buf, got, &opts, &err) != 0) {
                fprintf(stderr, "bench_extract: %s: %s\n", path,
                        err.message);
            } else {
                items += kg_doc_event_count(doc);
                if (mode == 2) {
                    kg_buf out = KG_BUF_INIT;
                    if (kg_doc_to_json(doc, &out, &err) != 0)
                        fprintf(stderr, "bench_extract: json failed\n");
                    kg_buf_dispose(&out);
                }
                kg_doc_free(doc);
            }
        }
        spent += now() - t0;
        bytes += got;
        files++;
    }
    fclose(list);
    free(buf);
    kg_lexicon_free(lex);
    printf("%-8s %zu files %zu bytes %.2f s %.1f MB/s (%zu %s)\n", argv[1],
           files, bytes, spent, spent > 0 ? (double)bytes / 1e6 / spent : 0,
           items, mode == 0 ? "mentions" : "events");
    return 0;
}
