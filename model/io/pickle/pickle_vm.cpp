#include "model/io/pickle/pickle_vm.h"

#include "model/io/message_text.h"
#include "model/io/pickle/pickle_machine.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

namespace stylemix::pickle {
namespace detail {

// The opcode loop: one case per opcode (the only long function in the VM).
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

}  // namespace detail

using namespace detail;

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
