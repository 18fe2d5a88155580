// The pickle VM's machine: its opcodes, its stack, memo and limits, and the
// opcodes with logic of their own (pickle_machine.cpp). The opcode loop itself
// is Machine::run (pickle_vm.cpp). Internal to model/io/pickle.
#pragma once

#include "model/io/pickle/pickle_vm.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace stylemix::pickle::detail {

// Opcode bytes, as listed in CPython's pickletools.
enum Op : std::uint8_t {
    MARK = '(', STOP = '.', POP = '0', POP_MARK = '1', DUP = '2', FLOAT = 'F', INT = 'I',
    BININT = 'J', BININT1 = 'K', LONG = 'L', BININT2 = 'M', NONE = 'N', PERSID = 'P',
    BINPERSID = 'Q', REDUCE = 'R', STRING = 'S', BINSTRING = 'T', SHORT_BINSTRING = 'U',
    UNICODE = 'V', BINUNICODE = 'X', APPEND = 'a', BUILD = 'b', GLOBAL = 'c', DICT = 'd',
    EMPTY_DICT = '}', APPENDS = 'e', GET = 'g', BINGET = 'h', INST = 'i', LONG_BINGET = 'j',
    LIST = 'l', EMPTY_LIST = ']', OBJ = 'o', PUT = 'p', BINPUT = 'q', LONG_BINPUT = 'r',
    SETITEM = 's', TUPLE = 't', EMPTY_TUPLE = ')', SETITEMS = 'u', BINFLOAT = 'G',
    PROTO = 0x80, NEWOBJ = 0x81, EXT1 = 0x82, EXT2 = 0x83, EXT4 = 0x84, TUPLE1 = 0x85,
    TUPLE2 = 0x86, TUPLE3 = 0x87, NEWTRUE = 0x88, NEWFALSE = 0x89, LONG1 = 0x8a, LONG4 = 0x8b,
    BINBYTES = 'B', SHORT_BINBYTES = 'C',
    SHORT_BINUNICODE = 0x8c, BINUNICODE8 = 0x8d, BINBYTES8 = 0x8e, EMPTY_SET = 0x8f,
    ADDITEMS = 0x90, FROZENSET = 0x91, NEWOBJ_EX = 0x92, STACK_GLOBAL = 0x93, MEMOIZE = 0x94,
    FRAME = 0x95, BYTEARRAY8 = 0x96, NEXT_BUFFER = 0x97, READONLY_BUFFER = 0x98,
};

// Module and class names longer than this in a GLOBAL line are refused.
constexpr std::size_t kMaxGlobalLine = 1024;

std::string hexByte(std::uint8_t b);   // "0x95"
// UTF-8 as Python writes it with 'surrogatepass' (encoded surrogates allowed).
bool validUtf8(const std::uint8_t* p, std::size_t n);

class Machine {
public:
    Machine(const PickleInput& input, ValueArena& arena, const PickleLimits& limits, const PersistentLoad& pl)
        : in_(input), arena_(arena), limits_(limits), persistent_load_(pl) {}

    PickleResult run(std::size_t offset);

private:
    // --- errors -----------------------------------------------------------
    // "offset 2: opcode 0x95 FRAME"; just "offset N" past the last byte (no opcode was read).
    std::string location() const {
        std::ostringstream s;
        s << "offset " << (in_.base_offset + op_pos_);
        if (op_pos_ >= in_.size) return s.str();
        s << ": opcode " << hexByte(op_);
        if (const char* name = opcodeName(op_)) s << " " << name;
        return s.str();
    }
    std::string where() const { return in_.source + ": " + location(); }
    [[noreturn]] void fail(const std::string& msg) const { throw PickleError(where() + ": " + msg); }
    [[noreturn]] void failLimit(const std::string& msg) const { throw LimitError(where() + ": " + msg); }
    // The input ran out while reading `inside` ("" for the missing STOP); the data had
    // to reach `more` bytes past pos_ (0: unknown).
    [[noreturn]] void failTruncated(const std::string& msg, const std::string& inside, std::uint64_t more) const {
        constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();
        const std::uint64_t at = in_.base_offset + pos_;
        const std::uint64_t needed_end = more == 0 ? 0 : more > kMaxU64 - at ? kMaxU64 : at + more;
        const std::string detail = location() + ": truncated: " + msg;
        throw TruncatedError(in_.source + ": " + detail, detail, in_.base_offset + in_.size, needed_end,
                             in_.base_offset + op_pos_, inside);
    }

    // --- input --------------------------------------------------------------
    void need(std::uint64_t n, const char* what) const {
        if (n > in_.size - pos_) {
            failTruncated(std::string(what) + " needs " + std::to_string(n) + " bytes but only " +
                              std::to_string(in_.size - pos_) + " remain",
                          what, n);
        }
    }
    const std::uint8_t* take(std::uint64_t n, const char* what) {
        need(n, what);
        const std::uint8_t* p = in_.data + pos_;
        pos_ += static_cast<std::size_t>(n);
        return p;
    }
    std::uint64_t readUint(int width, const char* what) {
        const std::uint8_t* p = take(static_cast<std::uint64_t>(width), what);
        std::uint64_t v = 0;
        for (int i = width - 1; i >= 0; --i) v = (v << 8) | p[i];
        return v;
    }
    std::string readLine(const char* what) {
        const std::size_t avail = std::min(in_.size - pos_, kMaxGlobalLine + 1);
        const void* nl = std::memchr(in_.data + pos_, '\n', avail);
        if (nl == nullptr) {
            if (avail > kMaxGlobalLine) fail(std::string(what) + " longer than " + std::to_string(kMaxGlobalLine) + " bytes");
            failTruncated(std::string(what) + " has no terminating newline", what, 0);
        }
        const std::size_t len = static_cast<const std::uint8_t*>(nl) - (in_.data + pos_);
        std::string s(reinterpret_cast<const char*>(in_.data + pos_), len);
        pos_ += len + 1;
        if (!validUtf8(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())) fail(std::string(what) + " is not UTF-8");
        return s;
    }

    // --- allocation ---------------------------------------------------------
    void charge(std::size_t bytes, const char* what) {
        try {
            arena_.charge(bytes, what);
        } catch (const LimitError& e) {
            failLimit(e.what());
        }
    }
    Value* make(Kind kind) {
        try {
            return arena_.make(kind);
        } catch (const LimitError& e) {
            failLimit(e.what());
        }
    }

    // --- stack --------------------------------------------------------------
    std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    void push(Value* v) {
        if (stack_.size() >= limits_.max_stack) failLimit("stack deeper than " + std::to_string(limits_.max_stack) + " entries");
        stack_.push_back(v);
    }
    Value* pop(const char* what) {
        if (stack_.size() <= floor()) fail(std::string("stack underflow: expected ") + what + ", found an empty stack");
        Value* v = stack_.back();
        stack_.pop_back();
        return v;
    }
    Value* top(const char* what) const {
        if (stack_.size() <= floor()) fail(std::string("stack underflow: expected ") + what + ", found an empty stack");
        return stack_.back();
    }
    // Items pushed since the last MARK, which is removed.
    std::vector<Value*> popMark() {
        if (marks_.empty()) fail("no MARK on the stack");
        const std::size_t m = marks_.back();
        marks_.pop_back();
        std::vector<Value*> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
        stack_.resize(m);
        return items;
    }

    // --- containers ---------------------------------------------------------
    void deepen(Value* container, const Value* child) {
        if (child->depth + 1 > container->depth) container->depth = child->depth + 1;
        if (container->depth > limits_.max_depth) {
            failLimit("values nested deeper than " + std::to_string(limits_.max_depth) + " levels");
        }
    }
    void addItem(Value* container, const Value* item) {
        charge(sizeof(Value*), "container items");
        container->items.push_back(item);
        deepen(container, item);
    }
    void addEntry(Value* dict, const Value* key, const Value* value) {
        charge(2 * sizeof(Value*), "dict entries");
        dict->entries.emplace_back(key, value);
        deepen(dict, key);
        deepen(dict, value);
    }
    Value* makeSequence(Kind kind, const std::vector<Value*>& items) {
        Value* v = make(kind);
        for (Value* item : items) addItem(v, item);
        return v;
    }

    // --- opcodes with logic -------------------------------------------------
    void pushStr(std::uint64_t len, bool ascii_only);
    void pushBytes(std::uint64_t len);
    void pushLong(std::uint64_t len);
    void pushGlobal(const std::string& module, const std::string& name);
    void reduce(Value* callable, Value* args, bool newobj);
    void build();
    void memoPut(std::uint64_t index);
    Value* memoGet(std::uint64_t index) const;

    const PickleInput& in_;
    ValueArena& arena_;
    const PickleLimits& limits_;
    const PersistentLoad& persistent_load_;
    std::size_t pos_ = 0;
    std::size_t op_pos_ = 0;
    std::uint8_t op_ = 0;
    std::vector<Value*> stack_;
    std::vector<std::size_t> marks_;
    std::vector<Value*> memo_;
    std::size_t memo_count_ = 0;   // distinct slots set; MEMOIZE uses it like len(memo)
};

}  // namespace stylemix::pickle::detail
