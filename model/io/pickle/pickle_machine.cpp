#include "model/io/pickle/pickle_machine.h"

#include "model/io/message_text.h"

#include <algorithm>
#include <cstring>

namespace stylemix::pickle::detail {

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

}  // namespace stylemix::pickle::detail
