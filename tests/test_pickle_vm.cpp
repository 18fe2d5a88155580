// The restricted pickle VM on hand-written opcode streams.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/io/pickle/pickle_json.h"
#include "model/io/pickle/pickle_vm.h"

namespace stylemix::pickle {
namespace {

using namespace std::string_literals;

struct Unpickler {
    explicit Unpickler(std::size_t budget = 1u << 20) : arena(budget) {}
    ValueArena arena;
    PickleLimits limits;
    std::string bytes;
    const Value* operator()(const std::string& stream) {
        bytes = stream;
        PickleInput in{reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), 0, "t.pkl"};
        return runPickle(in, 0, arena, limits).value;
    }
};

std::string errorOf(const std::string& stream, PickleLimits limits = {}) {
    Unpickler run;
    run.limits = limits;
    try {
        run(stream);
    } catch (const PickleError& e) {
        return e.what();
    }
    return "accepted";
}

TEST(PickleVm, IntsOfEveryWidth) {
    Unpickler run;
    EXPECT_EQ(run("\x80\x02K\xff."s)->integer, 255);
    EXPECT_EQ(run("\x80\x02M\x01\x02."s)->integer, 0x0201);
    EXPECT_EQ(run("\x80\x02J\xff\xff\xff\xff."s)->integer, -1);
    EXPECT_EQ(run("\x80\x02\x8a\x01\xfe."s)->integer, -2);
    EXPECT_EQ(run("\x80\x02\x8a\x00."s)->integer, 0);
    EXPECT_EQ(run("\x80\x02\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f."s)->integer, INT64_MAX);
    const Value* big = run("\x80\x02\x8a\x09\0\0\0\0\0\0\0\0\x01."s);
    EXPECT_EQ(big->kind, Kind::BigInt);
    EXPECT_THROW(toJson(big, "x", 4), PickleError);
}

TEST(PickleVm, FloatsStringsBytes) {
    Unpickler run;
    EXPECT_EQ(run("\x80\x02G\x3f\xf8\0\0\0\0\0\0."s)->real, 1.5);
    EXPECT_EQ(run("\x80\x04\x8c\x03\x61\x62\x63."s)->text, "abc");
    const Value* b = run("\x80\x05\x96\x02\0\0\0\0\0\0\0xy."s);   // BYTEARRAY8
    ASSERT_EQ(b->kind, Kind::Bytes);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(b->bytes), b->nbytes), "xy");
    // Protocol 2 bytes: _codecs.encode('\xe9', 'latin1')
    const Value* latin = run("\x80\x02" "c_codecs\nencode\nX\x02\0\0\0\xc3\xa9X\x06\0\0\0latin1\x86R."s);
    ASSERT_EQ(latin->kind, Kind::Bytes);
    ASSERT_EQ(latin->nbytes, 1u);
    EXPECT_EQ(latin->bytes[0], 0xe9);
    EXPECT_NE(errorOf("\x80\x04\x8c\x02\xff\xfe."s), "accepted");   // invalid UTF-8
}

TEST(PickleVm, ContainersMemoAndSets) {
    Unpickler run;
    // {'a': [1, 2], 'b': ('a',)} with MEMOIZE / BINGET reuse.
    const Value* d = run("\x80\x04}\x94(\x8c\x01\x61\x94]\x94(K\x01K\x02\x65\x8c\x01\x62h\x01\x85u."s);
    ASSERT_EQ(d->kind, Kind::Dict);
    EXPECT_EQ(d->find("a")->items.size(), 2u);
    EXPECT_EQ(d->find("b")->items[0]->text, "a");
    const nlohmann::json j = toJson(d, "d", 8);
    EXPECT_EQ(j.dump(), R"({"a":[1,2],"b":["a"]})");
    // Protocol 3 set: builtins.set([1]); protocol 4: EMPTY_SET + ADDITEMS.
    EXPECT_EQ(run("\x80\x03\x63\x62uiltins\nset\n]K\x01\x61\x85R."s)->kind, Kind::Set);
    EXPECT_EQ(run("\x80\x04\x8f(K\x01K\x02\x90."s)->items.size(), 2u);
    // OrderedDict([('k', None)]) via REDUCE with a list of pairs.
    const Value* od = run("\x80\x02\x63\x63ollections\nOrderedDict\n]X\x01\0\0\0kN\x86\x61\x85R."s);
    ASSERT_EQ(od->kind, Kind::Dict);
    EXPECT_EQ(od->find("k")->kind, Kind::None);
}

TEST(PickleVm, CyclesAreBuiltButNotFollowedForever) {
    Unpickler run;
    // l = []; l.append(l)
    const Value* l = run("\x80\x04]\x94h\x00\x61."s);
    ASSERT_EQ(l->items.size(), 1u);
    EXPECT_EQ(l->items[0], l);
    EXPECT_THROW(toJson(l, "l", 32), PickleError);
}

TEST(PickleVm, SharedValuesCannotExpandExponentially) {
    // x = []; 40 times: x = (x, x) -- 82 bytes describing 2^40 leaves.
    std::string stream = "\x80\x04]"s;
    for (int i = 0; i < 40; ++i) stream += "2\x86"s;
    stream += "."s;
    Unpickler run;
    const Value* v = run(stream);
    try {
        toJson(v, "kwargs", 64);
        FAIL() << "expanded a 2^40 tree";
    } catch (const PickleError& e) {
        EXPECT_NE(std::string(e.what()).find("too many values"), std::string::npos) << e.what();
    }
}

TEST(PickleVm, LimitsAreEnforced) {
    PickleLimits small;
    small.max_stack = 4;
    EXPECT_NE(errorOf("\x80\x04NNNNN."s, small).find("stack deeper than 4"), std::string::npos);
    small = {};
    small.max_memo = 8;
    EXPECT_NE(errorOf("\x80\x04Nq\x08."s, small).find("memo index 8 exceeds the limit of 8"), std::string::npos);
    small = {};
    small.max_str_bytes = 2;
    EXPECT_NE(errorOf("\x80\x04\x8c\x03\x61\x62\x63."s, small).find("str of 3 bytes exceeds"), std::string::npos);
    Unpickler tiny(100);
    EXPECT_THROW(tiny("\x80\x04]NNNN\x65."s), LimitError);
}

TEST(PickleVm, MalformedStreamsNameOffsetAndOpcode) {
    EXPECT_NE(errorOf("\x80\x04\x95\xff\0\0\0\0\0\0\0N."s).find("offset 2: opcode 0x95 FRAME: truncated"), std::string::npos);
    EXPECT_NE(errorOf("\x80\x04\x30."s).find("offset 2: opcode 0x30 POP: no MARK"), std::string::npos);
    EXPECT_NE(errorOf("\x80\x04\x65."s).find("APPENDS: no MARK"), std::string::npos);
    EXPECT_NE(errorOf("\x80\x04K\x01(K\x02\x61."s).find("APPEND: stack underflow"), std::string::npos);
    EXPECT_NE(errorOf("\x80\x04NN\x61."s).find("APPEND expects a list, found None"), std::string::npos);
    EXPECT_NE(errorOf("\x80\x04I1\n."s).find("text opcode is not supported"), std::string::npos);
    EXPECT_NE(errorOf("\x80\x04\xff."s).find("unknown opcode"), std::string::npos);
    EXPECT_NE(errorOf("\x80\x04N"s).find("ends before STOP"), std::string::npos);
    EXPECT_NE(errorOf("\x80\x06N."s).find("protocol 6 is not supported"), std::string::npos);
    EXPECT_NE(errorOf("\x80\x04\x63os"s).find("no terminating newline"), std::string::npos);
}

}  // namespace
}  // namespace stylemix::pickle
