/*
 * test_buf.c -- kg_buf, kg_error and kg_file_read.
 *
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kg_int.h"

static void test_buf__appends_and_terminates(void **state)
{
    kg_buf b = KG_BUF_INIT;
    int i;

    (void)state;
    assert_int_equal(kg_buf_puts(&b, "abc"), 0);
    assert_int_equal(kg_buf_put(&b, "de\0f", 4), 0);
    assert_int_equal(b.size, 7);
    assert_memory_equal(b.ptr, "abcde\0f", 8);
    for (i = 0; i < 1000; i++)
        assert_int_equal(kg_buf_printf(&b, "%04d", i), 0);
    assert_int_equal(b.size, 7 + 4000);
    assert_int_equal(b.ptr[b.size], '\0');
    assert_memory_equal(b.ptr + b.size - 4, "0999", 4);
    kg_buf_clear(&b);
    assert_int_equal(b.size, 0);
    assert_string_equal(b.ptr, "");
    kg_buf_dispose(&b);
    assert_null(b.ptr);
}

static void test_buf__oom_leaves_buffer_intact(void **state)
{
    kg_buf b = KG_BUF_INIT;

    (void)state;
    assert_int_equal(kg_buf_puts(&b, "keep"), 0);
    kg__alloc_fail_after(1);
    assert_int_equal(kg_buf_grow(&b, 4096), KG_ENOMEM);
    kg__alloc_fail_after(0);
    assert_string_equal(b.ptr, "keep");
    kg_buf_dispose(&b);
}

static void test_error__first_detail_wins_and_is_one_line(void **state)
{
    kg_error err = {0};

    (void)state;
    assert_int_equal(kg_error_set(&err, KG_EPARSE, "bad %s\nmore", "thing"),
                     KG_EPARSE);
    assert_int_equal(kg_error_set(&err, KG_EIO, "later"), KG_EIO);
    assert_int_equal(err.code, KG_EPARSE);
    assert_string_equal(err.message, "bad thing more");
    assert_int_equal(kg_error_set(NULL, KG_EIO, "x"), KG_EIO);
    kg_error_locate(&err, "f.txt", 3, 4);
    assert_string_equal(err.where, "f.txt");
    assert_int_equal(err.line, 3);
    kg_error_clear(&err);
    assert_int_equal(err.code, 0);
}

static void test_file__reads_and_limits(void **state)
{
    char path[] = "/tmp/kg_test_fileXXXXXX";
    kg_buf b = KG_BUF_INIT;
    kg_error err = {0};
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "hello world", 11), 11);
    close(fd);
    assert_int_equal(kg_file_read(path, 0, &b, &err), 0);
    assert_string_equal(b.ptr, "hello world");
    kg_buf_clear(&b);
    assert_int_equal(kg_file_read(path, 5, &b, &err), KG_EINVALID);
    assert_string_equal(err.where, path);
    assert_int_equal(b.size, 0);
    unlink(path);
    kg_error_clear(&err);
    assert_int_equal(kg_file_read(path, 0, &b, &err), KG_ENOTFOUND);
    kg_error_clear(&err);
    assert_int_equal(kg_file_read("/tmp", 0, &b, &err), KG_EIO);
    kg_buf_dispose(&b);
}

static void test_file__empty_file_gives_empty_string(void **state)
{
    char path[] = "/tmp/kg_test_emptyXXXXXX";
    kg_buf b = KG_BUF_INIT;
    int fd = mkstemp(path);

    (void)state;
    close(fd);
    assert_int_equal(kg_file_read(path, 0, &b, NULL), 0);
    assert_non_null(b.ptr);
    assert_int_equal(b.size, 0);
    unlink(path);
    kg_buf_dispose(&b);
}

static void test_sha256__known_vectors(void **state)
{
    char hex[65];

    (void)state;
    kg__sha256_hex(hex, "", 0);
    assert_string_equal(
        hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    kg__sha256_hex(hex, "abc", 3);
    assert_string_equal(
        hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf__appends_and_terminates),
        cmocka_unit_test(test_buf__oom_leaves_buffer_intact),
        cmocka_unit_test(test_error__first_detail_wins_and_is_one_line),
        cmocka_unit_test(test_file__reads_and_limits),
        cmocka_unit_test(test_file__empty_file_gives_empty_string),
        cmocka_unit_test(test_sha256__known_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
