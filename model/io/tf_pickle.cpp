#include "model/io/tf_pickle.h"

#include "model/io/checked_file.h"
#include "model/io/message_text.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/io/pickle/numpy_array.h"
#include "model/io/pickle/pickle_json.h"
#include "model/io/pickle/pickle_value.h"
#include "model/io/pickle/pickle_vm.h"

namespace stylemix {

using pickle::GlobalId;
using pickle::Kind;
using pickle::PickleError;
using pickle::Value;

namespace {

constexpr int kMaxNetworkDepth = 4;            // Gs -> components; real files have 2 levels
constexpr int kMaxKwargsDepth = 32;
constexpr std::size_t kMaxVariables = 100'000;   // FFHQ 1024² Gs has a few hundred
constexpr std::size_t kMaxNameBytes = 256;

class TfReader {
public:
    TfReader(std::string source, pickle::ValueArena& arena) : source_(std::move(source)), arena_(arena) {}

    TfNetwork network(const Value* v, const std::string& path, int depth);

private:
    [[noreturn]] void fail(const std::string& path, const std::string& msg) const {
        throw PickleError(source_ + ": " + path + ": " + msg);
    }
    const Value* field(const Value* state, const char* key, Kind kind, const std::string& path) const;

    std::string source_;
    pickle::ValueArena& arena_;
    std::size_t variables_read_ = 0;
};

const Value* TfReader::field(const Value* state, const char* key, Kind kind, const std::string& path) const {
    const Value* v = state->find(key);
    if (v == nullptr) fail(path, std::string("network state has no '") + key + "'");
    if (v->kind != kind) fail(path, std::string("'") + key + "' is " + describe(v) + ", expected " + pickle::kindName(kind));
    return v;
}

TfNetwork TfReader::network(const Value* v, const std::string& path, int depth) {
    if (depth > kMaxNetworkDepth) fail(path, "networks nested deeper than " + std::to_string(kMaxNetworkDepth) + " levels");
    if (!v->isCallOf(GlobalId::TfNetwork)) fail(path, "expected a dnnlib.tflib.network.Network, found " + describe(v));
    const Value* state = v->state;
    if (state == nullptr || state->kind != Kind::Dict) {
        fail(path, "Network state is " + describe(state) + ", expected a dict (BUILD after NEWOBJ)");
    }
    TfNetwork net;
    net.path = path;
    const Value* version = field(state, "version", Kind::Int, path);
    if (version->integer < 2 || version->integer > 4) {
        fail(path, "Network version " + std::to_string(version->integer) + " is not supported (expected 2, 3 or 4)");
    }
    net.version = static_cast<int>(version->integer);
    net.name = field(state, "name", Kind::Str, path)->text;
    net.build_func_name = field(state, "build_func_name", Kind::Str, path)->text;
    const Value* kwargs = field(state, "static_kwargs", Kind::Dict, path);
    try {
        net.static_kwargs_json = pickle::toJson(kwargs, path + ".static_kwargs", kMaxKwargsDepth)
                                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } catch (const PickleError& e) {
        throw PickleError(source_ + ": " + e.what());
    }
    // build_module_src is Python source: it is never looked at, let alone run.
    if (const Value* components = state->find("components")) {
        if (components->kind != Kind::Dict) fail(path, "'components' is " + describe(components) + ", expected a dict");
        for (const auto& [key, value] : components->entries) {
            if (key->kind != Kind::Str || key->text.size() > kMaxNameBytes) {
                fail(path, "components has a " + describe(key) + " key, expected a short str");
            }
            net.components.emplace_back(key->text, network(value, path + ".components." + key->text, depth + 1));
        }
    }
    const Value* variables = field(state, "variables", Kind::List, path);
    for (std::size_t i = 0; i < variables->items.size(); ++i) {
        const Value* item = variables->items[i];
        const std::string where = path + ".variables[" + std::to_string(i) + "]";
        if ((item->kind != Kind::Tuple && item->kind != Kind::List) || item->items.size() != 2 ||
            item->items[0]->kind != Kind::Str) {
            fail(where, "is " + describe(item) + ", expected a (name, array) pair");
        }
        const std::string& name = item->items[0]->text;
        if (name.size() > kMaxNameBytes) fail(where, "variable name longer than 256 bytes");
        if (++variables_read_ > kMaxVariables) fail(where, "more than " + std::to_string(kMaxVariables) + " variables");
        if (net.variable(name) != nullptr) fail(where, "variable " + quoteText(name) + " appears twice");
        const Value* value = item->items[1];
        const std::string what = source_ + ": " + path + ": variable " + quoteText(name);
        if (!pickle::isNumpyArray(value)) throw PickleError(what + " is " + describe(value) + ", expected a numpy array");
        net.variables.emplace_back(name, pickle::readNumpyArray(value, what, arena_));
    }
    return net;
}

// Moves `net`'s variables into `raw` under `prefix`, and records each component
// (depth-first, in stored order) with its build function and kwargs.
void flatten(TfNetwork& net, const std::string& prefix, RawWeights& raw) {
    // Moved, not copied: a 1024² network holds about 100 MB of variables.
    for (auto& [name, t] : net.variables) raw.tensors.emplace(prefix + name, std::move(t));
    for (auto& [key, c] : net.components) {
        const std::string path = prefix + key;
        raw.components.push_back({path, c.build_func_name, c.static_kwargs_json});
        flatten(c, path + "/", raw);
    }
}

}  // namespace

const TfNetwork* TfNetwork::component(const std::string& key) const {
    for (const auto& [k, c] : components) {
        if (k == key) return &c;
    }
    return nullptr;
}

TfNetwork* TfNetwork::component(const std::string& key) {
    return const_cast<TfNetwork*>(static_cast<const TfNetwork*>(this)->component(key));
}

const RawTensor* TfNetwork::variable(const std::string& var) const {
    for (const auto& [k, t] : variables) {
        if (k == var) return &t;
    }
    return nullptr;
}

bool looksLikeTfPickle(const std::uint8_t* head, std::size_t size) {
    static const char kModule[] = "dnnlib.tflib.network";
    const std::size_t n = sizeof(kModule) - 1;
    if (size < 2 || head[0] != 0x80) return false;
    const auto* end = head + std::min<std::size_t>(size, 256);
    return std::search(head, end, kModule, kModule + n) != end;
}

bool looksLikeTfPickleFile(const std::string& path) {
    // Through the checked opener: a FIFO or device is refused, never read.
    CheckedFile f(path, FileKind::Model);
    std::uint8_t head[256] = {};
    const std::size_t n = f.readSome(head, sizeof(head));
    return looksLikeTfPickle(head, n);
}

TfNetwork parseTfPickle(const std::uint8_t* data, std::size_t size, const std::string& source,
                        const pickle::PickleLimits& limits) {
    if (size == 0) throw PickleError(source + ": empty file");
    pickle::ValueArena arena(limits.budgetFor(size));
    const pickle::PickleInput in{data, size, 0, source};
    const Value* top = pickle::runPickle(in, 0, arena, limits).value;
    if (top->kind != Kind::Tuple || top->items.size() != 3) {
        throw PickleError(source + ": expected the tuple (G, D, Gs) of a TensorFlow-era pickle at the top level, found " +
                          describe(top) + (top->kind == Kind::Tuple ? " of " + std::to_string(top->items.size()) : ""));
    }
    TfReader reader(source, arena);
    try {
        return reader.network(top->items[2], "Gs", 0);
    } catch (const pickle::LimitError& e) {
        if (std::string(e.what()).rfind(source, 0) == 0) throw;
        throw pickle::LimitError(source + ": " + e.what());
    }
}

RawWeights tfNetworkToRaw(TfNetwork gs, const std::string& source) {
    RawWeights raw;
    raw.source = source;
    raw.container = Container::TfPickle;
    raw.class_name = gs.build_func_name;
    raw.init_kwargs_json = gs.static_kwargs_json;
    flatten(gs, "", raw);
    return raw;
}

RawWeights readTfPickle(const std::string& path) {
    TfNetwork gs;
    {
        // The file's bytes are dropped before the conversion allocates its own copies.
        const std::vector<std::uint8_t> data = readCheckedFile(path, FileKind::Model);
        gs = parseTfPickle(data.data(), data.size(), path);
    }
    return tfNetworkToRaw(std::move(gs), path);
}

}  // namespace stylemix
