// SPDX-License-Identifier: Apache-2.0
// sqlite_handle.hpp — minimal RAII over the SQLite C API (internal to core).
#pragma once

#include <sqlite3.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace madoguchi::core::sql {

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Db {
public:
    Db() = default;
    explicit Db(sqlite3* db) : db_(db) {}
    ~Db() { sqlite3_close_v2(db_); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    Db(Db&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
    Db& operator=(Db&& o) noexcept { std::swap(db_, o.db_); return *this; }

    sqlite3* get() const { return db_; }
    void exec(const char* sql);  // throws Error
    std::string errmsg() const { return db_ ? sqlite3_errmsg(db_) : "no database"; }

private:
    sqlite3* db_ = nullptr;
};

class Stmt {
public:
    Stmt() = default;
    Stmt(sqlite3* db, std::string_view sql);  // throws Error
    ~Stmt() { sqlite3_finalize(st_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt(Stmt&& o) noexcept : st_(o.st_) { o.st_ = nullptr; }
    Stmt& operator=(Stmt&& o) noexcept { std::swap(st_, o.st_); return *this; }

    Stmt& bind(int i, std::string_view v);
    Stmt& bind(int i, long long v);
    Stmt& bind(int i, int v) { return bind(i, static_cast<long long>(v)); }
    Stmt& bind_null(int i);
    Stmt& bind_opt(int i, std::string_view v) { return v.empty() ? bind_null(i) : bind(i, v); }

    bool step();      // true while a row is ready; throws Error on failure
    void run();       // step to completion
    void reset();     // reset and clear bindings

    std::string text(int col) const;
    long long integer(int col) const { return sqlite3_column_int64(st_, col); }
    bool is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }

    sqlite3_stmt* get() const { return st_; }

private:
    sqlite3_stmt* st_ = nullptr;
};

}  // namespace madoguchi::core::sql
