#include "model/io/pickle/pickle_vm.h"

#include "model/io/message_text.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <sstream>
#include <vector>

namespace stylemix::pickle {

namespace {

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

std::string hexByte(std::uint8_t b) {
    const char* digits = "0123456789abcdef";
    return std::string("0x") + digits[b >> 4] + digits[b & 15];
}

// UTF-8 as Python writes it with 'surrogatepass' (encoded surrogates allowed).
bool validUtf8(const std::uint8_t* p, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
        const std::uint8_t c = p[i];
        std::size_t extra;
        std::uint32_t cp;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xe0) == 0xc0) { extra = 1; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { extra = 2; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { extra = 3; cp = c & 0x07; }
        else return false;
        if (extra > n - i - 1) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            if ((p[i + k] & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        static constexpr std::uint32_t kMin[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[extra] || cp > 0x10ffff) return false;
        i += extra + 1;
    }
    return true;
}

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

void Machine::pushStr(std::uint64_t len, bool ascii_only) {
    if (len > limits_.max_str_bytes) {
        failLimit("str of " + std::to_string(len) + " bytes exceeds the limit of " + std::to_string(limits_.max_str_bytes));
    }
    const std::uint8_t* p = take(len, "string data");
    if (ascii_only) {
        for (std::uint64_t i = 0; i < len; ++i) {
            if (p[i] >= 0x80) fail("non-ASCII byte in a Python 2 string");
        }
    } else if (!validUtf8(p, static_cast<std::size_t>(len))) {
        fail("str is not valid UTF-8");
    }
    charge(static_cast<std::size_t>(len), "str");
    Value* v = make(Kind::Str);
    v->text.assign(reinterpret_cast<const char*>(p), static_cast<std::size_t>(len));
    push(v);
}

void Machine::pushBytes(std::uint64_t len) {
    // Bytes stay views of the input: large tensor payloads are never copied.
    const std::uint8_t* p = take(len, "bytes data");
    Value* v = make(Kind::Bytes);
    v->bytes = p;
    v->nbytes = static_cast<std::size_t>(len);
    push(v);
}

void Machine::pushLong(std::uint64_t len) {
    if (len > limits_.max_bigint_bytes) {
        failLimit("int of " + std::to_string(len) + " bytes exceeds the limit of " + std::to_string(limits_.max_bigint_bytes));
    }
    const std::uint8_t* p = take(len, "int data");
    if (len <= 8) {
        // Little-endian two's complement, sign-extended to 64 bits.
        std::uint64_t u = 0;
        for (std::uint64_t i = len; i-- > 0;) u = (u << 8) | p[i];
        if (len > 0 && len < 8 && (p[len - 1] & 0x80)) u |= ~std::uint64_t{0} << (8 * len);
        Value* v = make(Kind::Int);
        v->integer = static_cast<std::int64_t>(u);
        push(v);
        return;
    }
    Value* v = make(Kind::BigInt);
    v->bytes = p;
    v->nbytes = static_cast<std::size_t>(len);
    push(v);
}

void Machine::pushGlobal(const std::string& module, const std::string& name) {
    const GlobalInfo* info = findAllowedGlobal(module, name);
    if (info == nullptr) {
        fail("refusing global " + clipText(module + "." + name) + ": not on the allow-list of inert types (nothing is imported or executed)");
    }
    Value* v = make(Kind::Global);
    v->global = info;
    v->text = qualifiedName(*info);
    push(v);
}

void Machine::reduce(Value* callable, Value* args, bool newobj) {
    const char* op = newobj ? "NEWOBJ" : "REDUCE";
    if (callable->kind != Kind::Global) {
        fail(std::string(op) + " expects an allow-listed global as the callable, found " + describe(callable));
    }
    if (args->kind != Kind::Tuple) fail(std::string(op) + " expects an argument tuple, found " + describe(args));
    const GlobalInfo& g = *callable->global;
    const auto& a = args->items;
    switch (g.role) {
        case GlobalRole::DictType: {
            // OrderedDict() / EasyDict(), optionally from a dict or an iterable of pairs.
            Value* d = make(Kind::Dict);
            if (a.size() > 1) fail(callable->text + " expects at most 1 argument, found " + std::to_string(a.size()));
            if (a.size() == 1) {
                const Value* src = a[0];
                if (src->kind == Kind::Dict) {
                    for (const auto& [k, v] : src->entries) addEntry(d, k, v);
                } else if (src->kind == Kind::List || src->kind == Kind::Tuple) {
                    for (const Value* pair : src->items) {
                        if ((pair->kind != Kind::Tuple && pair->kind != Kind::List) || pair->items.size() != 2) {
                            fail(callable->text + " expects (key, value) pairs, found " + describe(pair));
                        }
                        addEntry(d, pair->items[0], pair->items[1]);
                    }
                } else {
                    fail(callable->text + " expects a dict or a list of pairs, found " + describe(src));
                }
            }
            push(d);
            return;
        }
        case GlobalRole::SetType: {
            Value* s = make(Kind::Set);
            if (a.size() > 1) fail(callable->text + " expects at most 1 argument, found " + std::to_string(a.size()));
            if (a.size() == 1) {
                const Value* src = a[0];
                if (src->kind != Kind::List && src->kind != Kind::Tuple && src->kind != Kind::Set) {
                    fail(callable->text + " expects a list, tuple or set, found " + describe(src));
                }
                for (const Value* item : src->items) addItem(s, item);
            }
            push(s);
            return;
        }
        case GlobalRole::BytesCodec: {
            // Protocol 2 writes bytes as _codecs.encode(text, 'latin1').
            if (newobj || a.size() != 2 || a[0]->kind != Kind::Str || a[1]->kind != Kind::Str ||
                (a[1]->text != "latin1" && a[1]->text != "latin-1")) {
                fail("_codecs.encode is only accepted as encode(str, 'latin1')");
            }
            const std::string& t = a[0]->text;
            std::vector<std::uint8_t> out;
            out.reserve(t.size());
            for (std::size_t i = 0; i < t.size();) {
                const auto c = static_cast<std::uint8_t>(t[i]);
                if (c < 0x80) { out.push_back(c); ++i; continue; }
                // Only U+0080..U+00FF (two-byte sequences C2/C3) fit latin-1.
                if ((c != 0xc2 && c != 0xc3) || i + 1 >= t.size()) fail("_codecs.encode: text is not latin-1");
                out.push_back(static_cast<std::uint8_t>(((c & 0x03) << 6) | (static_cast<std::uint8_t>(t[i + 1]) & 0x3f)));
                i += 2;
            }
            Value* b = make(Kind::Bytes);
            b->nbytes = out.size();
            try {
                b->bytes = arena_.keep(std::move(out));
            } catch (const LimitError& e) {
                failLimit(e.what());
            }
            push(b);
            return;
        }
        case GlobalRole::Placeholder: {
            Value* obj = make(Kind::Object);
            obj->callable = callable;
            obj->args = args;
            deepen(obj, args);
            push(obj);
            return;
        }
        case GlobalRole::ValueOnly:
            break;
    }
    fail("global " + callable->text + " may appear as a value but is never called");
}

void Machine::build() {
    Value* state = pop("BUILD state");
    Value* inst = top("object for BUILD");
    if (inst->kind == Kind::Object) {
        inst->state = state;
        deepen(inst, state);
        return;
    }
    // A dict subclass (EasyDict, OrderedDict) with instance attributes: the
    // attributes are not items and nothing reads them.
    if (inst->kind == Kind::Dict) return;
    fail("BUILD expects an object built by REDUCE/NEWOBJ, found " + describe(inst));
}

void Machine::memoPut(std::uint64_t index) {
    if (index >= limits_.max_memo) {
        failLimit("memo index " + std::to_string(index) + " exceeds the limit of " + std::to_string(limits_.max_memo));
    }
    Value* v = top("a value to memoize");
    const auto i = static_cast<std::size_t>(index);
    if (i >= memo_.size()) {
        const std::size_t grown = std::max(i + 1, std::min<std::size_t>(limits_.max_memo, memo_.size() * 2));
        charge((grown - memo_.size()) * sizeof(Value*), "memo");
        memo_.resize(grown, nullptr);
    }
    if (memo_[i] == nullptr) ++memo_count_;
    memo_[i] = v;
}

Value* Machine::memoGet(std::uint64_t index) const {
    if (index >= memo_.size() || memo_[static_cast<std::size_t>(index)] == nullptr) {
        fail("memo slot " + std::to_string(index) + " was never stored");
    }
    return memo_[static_cast<std::size_t>(index)];
}

PickleResult Machine::run(std::size_t offset) {
    pos_ = offset;
    bool first = true;
    for (;;) {
        op_pos_ = pos_;
        op_ = 0;
        if (pos_ >= in_.size) failTruncated("the stream ends before STOP", "", 0);
        op_ = in_.data[pos_++];
        if (first && op_ != PROTO) {
            fail("not a pickle of protocol 2-5: expected PROTO (0x80) as the first opcode");
        }
        first = false;
        switch (op_) {
            case PROTO: {
                const auto v = readUint(1, "protocol number");
                if (v < 2 || v > 5) fail("pickle protocol " + std::to_string(v) + " is not supported (expected 2-5)");
                break;
            }
            case FRAME: {
                // Frames only group reads for buffering; the content is parsed as usual.
                const std::uint64_t n = readUint(8, "frame length");
                if (n > in_.size - pos_) {
                    failTruncated("frame declares " + std::to_string(n) + " bytes but only " +
                                      std::to_string(in_.size - pos_) + " remain",
                                  "frame", n);
                }
                break;
            }
            case STOP: {
                Value* result = pop("the pickled object");
                return PickleResult{result, pos_};
            }
            case MARK:
                if (marks_.size() >= static_cast<std::size_t>(limits_.max_depth)) {
                    failLimit("more than " + std::to_string(limits_.max_depth) + " nested MARKs");
                }
                marks_.push_back(stack_.size());
                break;
            case POP:
                if (stack_.size() > floor()) stack_.pop_back();
                else popMark();
                break;
            case POP_MARK: popMark(); break;
            case DUP: push(top("a value to duplicate")); break;
            case NONE: push(make(Kind::None)); break;
            case NEWTRUE: case NEWFALSE: {
                Value* v = make(Kind::Bool);
                v->boolean = op_ == NEWTRUE;
                push(v);
                break;
            }
            case BININT: case BININT1: case BININT2: {
                const int width = op_ == BININT ? 4 : op_ == BININT2 ? 2 : 1;
                const std::uint64_t u = readUint(width, "int");
                Value* v = make(Kind::Int);
                v->integer = op_ == BININT ? static_cast<std::int32_t>(static_cast<std::uint32_t>(u))
                                           : static_cast<std::int64_t>(u);
                push(v);
                break;
            }
            case LONG1: pushLong(readUint(1, "int length")); break;
            case LONG4: {
                const auto n = static_cast<std::int32_t>(static_cast<std::uint32_t>(readUint(4, "int length")));
                if (n < 0) fail("negative int length " + std::to_string(n));
                pushLong(static_cast<std::uint64_t>(n));
                break;
            }
            case BINFLOAT: {
                const std::uint8_t* p = take(8, "float");
                std::uint64_t u = 0;
                for (int i = 0; i < 8; ++i) u = (u << 8) | p[i];   // big-endian
                Value* v = make(Kind::Float);
                std::memcpy(&v->real, &u, sizeof(double));
                push(v);
                break;
            }
            case SHORT_BINUNICODE: pushStr(readUint(1, "str length"), false); break;
            case BINUNICODE: pushStr(readUint(4, "str length"), false); break;
            case BINUNICODE8: pushStr(readUint(8, "str length"), false); break;
            case SHORT_BINSTRING: pushStr(readUint(1, "string length"), true); break;
            case BINSTRING: {
                const auto n = static_cast<std::int32_t>(static_cast<std::uint32_t>(readUint(4, "string length")));
                if (n < 0) fail("negative string length " + std::to_string(n));
                pushStr(static_cast<std::uint64_t>(n), true);
                break;
            }
            case SHORT_BINBYTES: pushBytes(readUint(1, "bytes length")); break;
            case BINBYTES: pushBytes(readUint(4, "bytes length")); break;
            case BINBYTES8: case BYTEARRAY8: pushBytes(readUint(8, "bytes length")); break;
            case NEXT_BUFFER: case READONLY_BUFFER:
                fail("out-of-band buffers (pickle protocol 5) are not supported");
            case EMPTY_TUPLE: push(make(Kind::Tuple)); break;
            case TUPLE1: case TUPLE2: case TUPLE3: {
                const std::size_t n = op_ == TUPLE1 ? 1 : op_ == TUPLE2 ? 2 : 3;
                if (stack_.size() - floor() < n) {
                    fail("stack underflow: expected " + std::to_string(n) + " tuple items, found " +
                         std::to_string(stack_.size() - floor()));
                }
                std::vector<Value*> items(stack_.end() - static_cast<std::ptrdiff_t>(n), stack_.end());
                stack_.resize(stack_.size() - n);
                push(makeSequence(Kind::Tuple, items));
                break;
            }
            case TUPLE: push(makeSequence(Kind::Tuple, popMark())); break;
            case EMPTY_LIST: push(make(Kind::List)); break;
            case LIST: push(makeSequence(Kind::List, popMark())); break;
            case APPEND: {
                Value* item = pop("the item to append");
                Value* list = top("a list");
                if (list->kind != Kind::List) fail("APPEND expects a list, found " + describe(list));
                addItem(list, item);
                break;
            }
            case APPENDS: {
                std::vector<Value*> items = popMark();
                Value* list = top("a list");
                if (list->kind != Kind::List) fail("APPENDS expects a list, found " + describe(list));
                for (Value* item : items) addItem(list, item);
                break;
            }
            case EMPTY_DICT: push(make(Kind::Dict)); break;
            case DICT: case SETITEMS: {
                std::vector<Value*> items = popMark();
                if (items.size() % 2 != 0) fail("odd number of items for key/value pairs: " + std::to_string(items.size()));
                Value* dict;
                if (op_ == DICT) {
                    dict = make(Kind::Dict);
                    push(dict);
                } else {
                    dict = top("a dict");
                    if (dict->kind != Kind::Dict) fail("SETITEMS expects a dict, found " + describe(dict));
                }
                for (std::size_t i = 0; i < items.size(); i += 2) addEntry(dict, items[i], items[i + 1]);
                break;
            }
            case SETITEM: {
                Value* value = pop("a value");
                Value* key = pop("a key");
                Value* dict = top("a dict");
                if (dict->kind != Kind::Dict) fail("SETITEM expects a dict, found " + describe(dict));
                addEntry(dict, key, value);
                break;
            }
            case EMPTY_SET: push(make(Kind::Set)); break;
            case FROZENSET: push(makeSequence(Kind::Set, popMark())); break;
            case ADDITEMS: {
                std::vector<Value*> items = popMark();
                Value* set = top("a set");
                if (set->kind != Kind::Set) fail("ADDITEMS expects a set, found " + describe(set));
                for (Value* item : items) addItem(set, item);
                break;
            }
            case GLOBAL: {
                const std::string module = readLine("GLOBAL module name");
                const std::string name = readLine("GLOBAL attribute name");
                pushGlobal(module, name);
                break;
            }
            case STACK_GLOBAL: {
                Value* name = pop("a global's name");
                Value* module = pop("a global's module");
                if (name->kind != Kind::Str || module->kind != Kind::Str) {
                    fail("STACK_GLOBAL expects two str, found " + describe(module) + " and " + describe(name));
                }
                pushGlobal(module->text, name->text);
                break;
            }
            case REDUCE: {
                Value* args = pop("an argument tuple");
                Value* callable = pop("a callable");
                reduce(callable, args, false);
                break;
            }
            case NEWOBJ: {
                Value* args = pop("an argument tuple");
                Value* cls = pop("a class");
                reduce(cls, args, true);
                break;
            }
            case NEWOBJ_EX: {
                Value* kwargs = pop("keyword arguments");
                Value* args = pop("an argument tuple");
                Value* cls = pop("a class");
                if (kwargs->kind != Kind::Dict || !kwargs->entries.empty()) {
                    fail("NEWOBJ_EX with keyword arguments is not supported, found " + describe(kwargs));
                }
                reduce(cls, args, true);
                break;
            }
            case BUILD: build(); break;
            case BINPERSID: {
                Value* pid = pop("a persistent id");
                if (!persistent_load_) {
                    fail("persistent id (" + describe(pid) + ") points nowhere: only torch storages inside "
                         "torch.storage._load_from_bytes may use persistent ids");
                }
                Value* resolved = persistent_load_(pid, in_.base_offset + op_pos_);
                if (resolved == nullptr) fail("persistent id (" + describe(pid) + ") points nowhere");
                push(resolved);
                break;
            }
            case BINGET: push(memoGet(readUint(1, "memo index"))); break;
            case LONG_BINGET: push(memoGet(readUint(4, "memo index"))); break;
            case BINPUT: memoPut(readUint(1, "memo index")); break;
            case LONG_BINPUT: memoPut(readUint(4, "memo index")); break;
            case MEMOIZE: memoPut(memo_count_); break;
            case INT: case LONG: case FLOAT: case STRING: case UNICODE: case GET: case PUT:
            case PERSID: case INST: case OBJ:
                fail("protocol 0/1 text opcode is not supported (expected a protocol 2-5 pickle)");
            case EXT1: case EXT2: case EXT4:
                fail("extension registry opcodes are not supported");
            default:
                fail("unknown opcode");
        }
    }
}

}  // namespace

const char* opcodeName(std::uint8_t opcode) {
    switch (opcode) {
        case MARK: return "MARK"; case STOP: return "STOP"; case POP: return "POP";
        case POP_MARK: return "POP_MARK"; case DUP: return "DUP"; case FLOAT: return "FLOAT";
        case INT: return "INT"; case BININT: return "BININT"; case BININT1: return "BININT1";
        case LONG: return "LONG"; case BININT2: return "BININT2"; case NONE: return "NONE";
        case PERSID: return "PERSID"; case BINPERSID: return "BINPERSID"; case REDUCE: return "REDUCE";
        case STRING: return "STRING"; case BINSTRING: return "BINSTRING";
        case SHORT_BINSTRING: return "SHORT_BINSTRING"; case UNICODE: return "UNICODE";
        case BINUNICODE: return "BINUNICODE"; case APPEND: return "APPEND"; case BUILD: return "BUILD";
        case GLOBAL: return "GLOBAL"; case DICT: return "DICT"; case EMPTY_DICT: return "EMPTY_DICT";
        case APPENDS: return "APPENDS"; case GET: return "GET"; case BINGET: return "BINGET";
        case INST: return "INST"; case LONG_BINGET: return "LONG_BINGET"; case LIST: return "LIST";
        case EMPTY_LIST: return "EMPTY_LIST"; case OBJ: return "OBJ"; case PUT: return "PUT";
        case BINPUT: return "BINPUT"; case LONG_BINPUT: return "LONG_BINPUT"; case SETITEM: return "SETITEM";
        case TUPLE: return "TUPLE"; case EMPTY_TUPLE: return "EMPTY_TUPLE"; case SETITEMS: return "SETITEMS";
        case BINFLOAT: return "BINFLOAT"; case PROTO: return "PROTO"; case NEWOBJ: return "NEWOBJ";
        case EXT1: return "EXT1"; case EXT2: return "EXT2"; case EXT4: return "EXT4";
        case TUPLE1: return "TUPLE1"; case TUPLE2: return "TUPLE2"; case TUPLE3: return "TUPLE3";
        case NEWTRUE: return "NEWTRUE"; case NEWFALSE: return "NEWFALSE"; case LONG1: return "LONG1";
        case LONG4: return "LONG4"; case BINBYTES: return "BINBYTES"; case SHORT_BINBYTES: return "SHORT_BINBYTES";
        case SHORT_BINUNICODE: return "SHORT_BINUNICODE"; case BINUNICODE8: return "BINUNICODE8";
        case BINBYTES8: return "BINBYTES8"; case EMPTY_SET: return "EMPTY_SET"; case ADDITEMS: return "ADDITEMS";
        case FROZENSET: return "FROZENSET"; case NEWOBJ_EX: return "NEWOBJ_EX";
        case STACK_GLOBAL: return "STACK_GLOBAL"; case MEMOIZE: return "MEMOIZE"; case FRAME: return "FRAME";
        case BYTEARRAY8: return "BYTEARRAY8"; case NEXT_BUFFER: return "NEXT_BUFFER";
        case READONLY_BUFFER: return "READONLY_BUFFER";
        default: return nullptr;
    }
}

PickleResult runPickle(const PickleInput& input, std::size_t offset, ValueArena& arena,
                       const PickleLimits& limits, const PersistentLoad& persistent_load) {
    Machine machine(input, arena, limits, persistent_load);
    return machine.run(offset);
}

}  // namespace stylemix::pickle
