/*
 * cmd.h -- the subcommands of kg and the helpers they share.
 *
 * A subcommand is cli/cmd_<name>.c with `int cmd_<name>(int, char **)`
 * (argv[0] is the subcommand's name) and a row in main.c's table. Only
 * main() exits; commands return one of the CLI_* exit codes.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_CLI_CMD_H
#define KG_CLI_CMD_H

#include <stddef.h>
#include <stdio.h>

#include <kg/kg.h>

#define CLI_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes, documented in README.md ("Exit codes") and `kg help`. */
enum {
    CLI_OK = 0,      /* success; ASK answered true */
    CLI_FAILURE = 1, /* bad input, missing store, I/O or query error */
    CLI_USAGE = 2,   /* bad command line */
    CLI_FALSE = 3,   /* ASK answered false */
    CLI_TIMEOUT = 4  /* kg query: the time limit passed */
};

int cmd_extract(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_ask(int argc, char **argv);
int cmd_viz(int argc, char **argv);
int cmd_path(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* Print "kg: where:line:col: message" for 'err' on stderr; CLI_FAILURE. */
int cli_error(const kg_error *err);
/* Print "kg: message" on stderr; returns CLI_FAILURE. */
int cli_fail(const char *fmt, ...) KG_PRINTF(1, 2);
/* Print "kg <cmd>: message" and a pointer to --help; returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) KG_PRINTF(2, 3);
/* Print 'help' to stdout; returns CLI_OK (or CLI_FAILURE on a write
 * error). */
int cli_help(const char *help);
/* Check stdout for write errors before exiting 0; returns 'rc' or
 * CLI_FAILURE. */
int cli_finish(int rc);

/*
 * Write 'data' to 'path' ("-": stdout) through a temporary file renamed
 * over it, so a failure never leaves a truncated file. Prints errors.
 */
int cli_write_file(const char *path, const kg_buf *data);

/* Append 's' to 'out' as a quoted SPARQL string literal, escaped.
 * Returns 0 or -1 (no memory). */
int cli_sparql_string(kg_buf *out, const char *s);

/* Input files named on the command line, directories expanded. */
typedef struct cli_inputs {
    char **paths; /* owned, each owned */
    size_t n, alloc;
} cli_inputs;

/*
 * Expand 'args': files as given ("-" is stdin), directories recursively
 * to their regular files whose names end in one of 'dir_exts' (sorted by
 * path, hidden files skipped). Returns 0, or CLI_FAILURE after printing
 * an error for a path that does not exist.
 */
int cli_inputs_collect(cli_inputs *out, char **args, int n,
                       const char *const *dir_exts);
void cli_inputs_dispose(cli_inputs *in);

/* The base name of 'path' ("stdin" for "-"). Borrowed from 'path'. */
const char *cli_base_name(const char *path);

/* Progress on stderr when it is a terminal: "\r<verb> i/n ...". */
void cli_progress(const char *verb, size_t i, size_t n);
void cli_progress_done(void);

/* Open the store 'spec' (NULL: the default), printing errors. */
int cli_open_store(kg_graph **out, kg_ctx *ctx, const char *spec,
                   unsigned flags);

/* A new context in '*ctx' and the store 'spec' opened on it, printing
 * errors. The caller frees both, also on failure (either may be NULL). */
int cli_open(kg_ctx **ctx, kg_graph **out, const char *spec, unsigned flags);

/* A lexicon: the built-in one plus each 'extra' file. Prints errors. */
int cli_lexicon(kg_lexicon **out, char **extra, size_t n_extra);

/*
 * Read and extract one article 'path', naming it 'source' (NULL: base
 * name). Prints nothing; the caller reports 'err'.
 */
int cli_extract_file(kg_doc **out, const kg_lexicon *lex, const char *path,
                     const char *source, kg_error *err);

#endif
