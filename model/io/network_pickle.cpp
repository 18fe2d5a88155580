#include "model/io/network_pickle.h"

#include "model/io/message_text.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "model/io/checked_file.h"
#include "model/io/pickle/numpy_array.h"
#include "model/io/pickle/pickle_json.h"
#include "model/io/pickle/pickle_value.h"
#include "model/io/pickle/pickle_vm.h"
#include "model/io/pickle/torch_tensor.h"

namespace stylemix {

using pickle::GlobalId;
using pickle::Kind;
using pickle::PickleError;
using pickle::Value;

namespace {

// Module trees of real generators are 4 levels deep; kwargs about 3.
constexpr int kMaxModuleDepth = 32;
constexpr int kMaxKwargsDepth = 32;
// Modules visited in one walk; real generators have a few hundred. Shared
// (memoized) submodules could otherwise make the walk exponential.
constexpr int kMaxModules = 100'000;
constexpr int kMaxEntries = 1'000'000;        // parameter/buffer/module entries visited
constexpr std::size_t kMaxNameBytes = 256;    // one attribute name ("conv1", "noise_const")
constexpr int kMaxAttributes = 256;           // plain attributes of one module (StyleGAN3 layers have ~30)
constexpr std::int64_t kMaxAttributeElements = 64;   // a numpy array attribute ([2] sizes)

// Generator(z_dim, c_dim, w_dim, img_resolution, img_channels, mapping_kwargs,
// synthesis_kwargs) in both NVIDIA repos (the last only in stylegan2-ada-pytorch).
const char* const kPositionalKwargs[] = {"z_dim",        "c_dim",          "w_dim",           "img_resolution",
                                         "img_channels", "mapping_kwargs", "synthesis_kwargs"};

struct PersistentObject {
    std::string class_name;
    std::string module_src;
    const Value* state = nullptr;   // the module's __dict__
};

class NetworkReader {
public:
    NetworkReader(const pickle::PickleInput& in, pickle::ValueArena& arena, const pickle::PickleLimits& limits)
        : in_(in), arena_(arena), tensors_(in, arena, limits) {}

    RawWeights read(const Value* root);

private:
    [[noreturn]] void fail(const std::string& where, const std::string& msg) const {
        throw PickleError(in_.source + ": " + where + ": " + msg);
    }
    PersistentObject persistent(const Value* v, const std::string& where) const;
    const Value* field(const Value* state, const char* name, Kind kind, const std::string& where, bool required) const;
    void walk(const Value* module, const std::string& prefix, const std::string& where, int depth, RawWeights& out);
    std::string initKwargs(const Value* state, const std::string& where) const;
    void synthesisAttributes(const PersistentObject& g, const std::string& where, RawWeights& out);
    nlohmann::json attributeJson(const Value* v, const std::string& where);
    void collectAttributes(const Value* module, const std::string& path, const std::string& where, int depth,
                           nlohmann::json& out);

    const pickle::PickleInput& in_;
    pickle::ValueArena& arena_;
    pickle::TorchTensorReader tensors_;
    int modules_visited_ = 0;
    int entries_visited_ = 0;
};

PersistentObject NetworkReader::persistent(const Value* v, const std::string& where) const {
    if (!v->isCallOf(GlobalId::ReconstructPersistentObj)) {
        fail(where, "expected a torch_utils.persistence object, found " + describe(v));
    }
    // _reconstruct_persistent_obj(meta): meta = dict(type, version, module_src, class_name, state)
    if (v->args->items.size() != 1 || v->args->items[0]->kind != Kind::Dict) {
        fail(where, "_reconstruct_persistent_obj expects one dict argument");
    }
    const Value* meta = v->args->items[0];
    const Value* type = meta->find("type");
    if (type == nullptr || type->kind != Kind::Str || type->text != "class") {
        fail(where, "persistent object meta 'type' is " + describe(type) + ", expected 'class'");
    }
    PersistentObject obj;
    const Value* name = meta->find("class_name");
    if (name == nullptr || name->kind != Kind::Str) fail(where, "meta 'class_name' is " + describe(name) + ", expected str");
    obj.class_name = name->text;
    if (const Value* src = meta->find("module_src"); src != nullptr && src->kind == Kind::Str) obj.module_src = src->text;
    obj.state = meta->find("state");
    if (obj.state == nullptr || obj.state->kind != Kind::Dict) {
        fail(where, "meta 'state' is " + describe(obj.state) + ", expected the module's __dict__");
    }
    return obj;
}

const Value* NetworkReader::field(const Value* state, const char* name, Kind kind, const std::string& where,
                                  bool required) const {
    const Value* v = state->find(name);
    if (v == nullptr || (v->kind == Kind::None && !required)) {
        if (required) fail(where, std::string("state has no '") + name + "'");
        return nullptr;
    }
    if (v->kind != kind) {
        fail(where, std::string("'") + name + "' is " + describe(v) + ", expected " + pickle::kindName(kind));
    }
    return v;
}

// Mirrors nn.Module.state_dict(): parameters, persistent buffers, then
// submodules, skipping None entries.
void NetworkReader::walk(const Value* module, const std::string& prefix, const std::string& where, int depth,
                         RawWeights& out) {
    if (depth > kMaxModuleDepth) fail(where, "modules nested deeper than " + std::to_string(kMaxModuleDepth) + " levels");
    if (++modules_visited_ > kMaxModules) fail(where, "more than " + std::to_string(kMaxModules) + " modules");
    const PersistentObject obj = persistent(module, where);
    const Value* params = field(obj.state, "_parameters", Kind::Dict, where, true);
    const Value* buffers = field(obj.state, "_buffers", Kind::Dict, where, true);
    const Value* modules = field(obj.state, "_modules", Kind::Dict, where, true);
    const Value* non_persistent = field(obj.state, "_non_persistent_buffers_set", Kind::Set, where, false);

    std::set<std::string> skip;
    if (non_persistent) {
        for (const Value* name : non_persistent->items) {
            if (name->kind == Kind::Str) skip.insert(name->text);
        }
    }
    auto checkKey = [&](const Value* key, const char* dict_name) {
        if (key->kind != Kind::Str) fail(where, std::string(dict_name) + " has a " + describe(key) + " key, expected str");
        if (key->text.size() > kMaxNameBytes)
            fail(where, std::string(dict_name) + " has a name longer than 256 bytes: " + quoteText(key->text));
        if (++entries_visited_ > kMaxEntries) fail(where, "more than " + std::to_string(kMaxEntries) + " parameters, buffers and modules");
    };
    auto add = [&](const Value* dict, const char* dict_name, bool buffers_dict) {
        for (const auto& [key, value] : dict->entries) {
            checkKey(key, dict_name);
            if (value->kind == Kind::None) continue;
            if (buffers_dict && skip.count(key->text)) continue;
            const std::string name = prefix + key->text;
            out.tensors.insert_or_assign(name, tensors_.read(value, where + "." + dict_name + "['" + key->text + "'] (" + name + ")"));
        }
    };
    add(params, "_parameters", false);
    add(buffers, "_buffers", true);
    for (const auto& [key, value] : modules->entries) {
        checkKey(key, "_modules");
        if (value->kind == Kind::None) continue;
        walk(value, prefix + key->text + ".", where + "." + key->text, depth + 1, out);
    }
}

std::string NetworkReader::initKwargs(const Value* state, const std::string& where) const {
    const Value* kwargs = field(state, "_init_kwargs", Kind::Dict, where, true);
    const Value* args = field(state, "_init_args", Kind::Tuple, where, false);
    nlohmann::json json;
    try {
        json = pickle::toJson(kwargs, where + "._init_kwargs", kMaxKwargsDepth);
        if (args != nullptr) {
            if (args->items.size() > std::size(kPositionalKwargs)) {
                fail(where, "_init_args has " + std::to_string(args->items.size()) + " positional arguments, expected at most " +
                                std::to_string(std::size(kPositionalKwargs)));
            }
            for (std::size_t i = 0; i < args->items.size(); ++i) {
                const char* name = kPositionalKwargs[i];
                if (json.contains(name)) fail(where, std::string("'") + name + "' given both positionally and by keyword");
                json[name] = pickle::toJson(args->items[i], where + "._init_args[" + std::to_string(i) + "]", kMaxKwargsDepth);
            }
        }
    } catch (const PickleError& e) {
        if (std::string(e.what()).rfind(in_.source + ": ", 0) == 0) throw;
        throw PickleError(in_.source + ": " + e.what());
    }
    // Python str may hold lone surrogates, which JSON text cannot: replace them.
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A module attribute as JSON: plain values and numpy scalars through toJson,
// small numpy arrays (StyleGAN3's int64 sizes) as lists of numbers.
nlohmann::json NetworkReader::attributeJson(const Value* v, const std::string& where) {
    if (!pickle::isNumpyArray(v) || v->isCallOf(GlobalId::NumpyScalar)) return pickle::toJson(v, where, kMaxKwargsDepth);
    const RawTensor t = pickle::readNumpyArray(v, where, arena_);
    if (t.numel() > kMaxAttributeElements)
        fail(where, "numpy array of " + std::to_string(t.numel()) + " elements, expected a small attribute");
    nlohmann::json out = nlohmann::json::array();
    const std::size_t size = dtypeSize(t.dtype);
    for (std::int64_t i = 0; i < t.numel(); ++i) {
        RawTensor one;
        one.dtype = t.dtype;
        one.bytes.assign(t.bytes.begin() + i * size, t.bytes.begin() + (i + 1) * size);
        const double x = pickle::scalarValue(one, where);
        if (t.dtype == DType::Bool) out.push_back(x != 0);
        else if (t.dtype == DType::F16 || t.dtype == DType::F32 || t.dtype == DType::F64) out.push_back(x);
        else out.push_back(static_cast<std::int64_t>(x));
    }
    return out;
}

// The public (non-underscore) attributes of `module` and, one level down, of
// its submodules, keyed by module path. Values that are neither plain data nor
// numpy (e.g. a nested module kept as an attribute) are refused.
void NetworkReader::collectAttributes(const Value* module, const std::string& path, const std::string& where, int depth,
                                      nlohmann::json& out) {
    const PersistentObject obj = persistent(module, where);
    nlohmann::json attrs = nlohmann::json::object();
    int count = 0;
    for (const auto& [key, value] : obj.state->entries) {
        if (key->kind != Kind::Str || key->text.empty() || key->text[0] == '_' || key->text == "training") continue;
        if (++count > kMaxAttributes) fail(where, "more than " + std::to_string(kMaxAttributes) + " attributes");
        if (key->text.size() > kMaxNameBytes) fail(where, "has an attribute name longer than 256 bytes: " + quoteText(key->text));
        try {
            attrs[key->text] = attributeJson(value, where + "." + key->text);
        } catch (const PickleError& e) {
            if (std::string(e.what()).rfind(in_.source + ": ", 0) == 0) throw;
            throw PickleError(in_.source + ": " + e.what());
        }
    }
    out[path] = std::move(attrs);
    if (depth == 0) return;
    const Value* modules = field(obj.state, "_modules", Kind::Dict, where, true);
    for (const auto& [key, value] : modules->entries) {
        if (key->kind != Kind::Str || value->kind == Kind::None) continue;
        if (key->text.size() > kMaxNameBytes) fail(where, "_modules has a name longer than 256 bytes: " + quoteText(key->text));
        collectAttributes(value, path + "." + key->text, where + "." + key->text, depth - 1, out);
    }
}

RawWeights NetworkReader::read(const Value* root) {
    if (root->kind != Kind::Dict) {
        throw PickleError(in_.source + ": expected a dict of networks (G, D, G_ema, ...) at the top level, found " + describe(root));
    }
    std::string name = "G_ema";
    const Value* g = root->find("G_ema");
    if (g == nullptr || g->kind == Kind::None) {
        name = "G";
        g = root->find("G");
    }
    if (g == nullptr || g->kind == Kind::None) {
        std::string keys;
        for (std::size_t i = 0; i < root->entries.size() && i < 16; ++i) {
            keys += (i == 0 ? "" : ", ") + describe(root->entries[i].first);
        }
        if (root->entries.size() > 16) keys += ", ...";
        throw PickleError(in_.source + ": no 'G_ema' or 'G' network in the pickle (keys: " + keys + ")");
    }
    const PersistentObject obj = persistent(g, name);
    RawWeights out;
    out.source = in_.source;
    out.container = Container::PyTorchPickle;
    out.class_name = obj.class_name;   // as pickled ("Generator"); the families decide what it is
    if (name == "G")
        out.notes.push_back(in_.source + ": the pickle has no 'G_ema' network; rendering the training network 'G' "
                                         "(not the moving average NVIDIA's scripts render)");
    walk(g, "", name, 0, out);
    out.init_kwargs_json = initKwargs(obj.state, name);
    synthesisAttributes(obj, name, out);
    return out;
}

// The plain attributes of G's synthesis network and its direct submodules
// (StyleGAN3 keeps its layer geometry there); none when G has no synthesis module.
void NetworkReader::synthesisAttributes(const PersistentObject& g, const std::string& where, RawWeights& out) {
    const Value* modules = field(g.state, "_modules", Kind::Dict, where, true);
    const Value* synthesis = modules->find("synthesis");
    if (synthesis == nullptr || !synthesis->isCallOf(GlobalId::ReconstructPersistentObj)) return;
    nlohmann::json attrs = nlohmann::json::object();
    collectAttributes(synthesis, "synthesis", where + ".synthesis", 1, attrs);
    out.attributes_json = attrs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = path.substr(std::min(path.size(), path.rfind('.') == std::string::npos ? path.size() : path.rfind('.')));
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

}  // namespace

bool hasPickleExtension(const std::string& path) {
    const std::string ext = lowerExtension(path);
    return ext == ".pkl" || ext == ".pickle";
}

bool startsLikePickle(const std::uint8_t* head, std::size_t size) {
    // A safetensors header length can start with 0x80 too; its JSON then starts at byte 8.
    return size >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5 && !(size >= 9 && head[8] == '{');
}

bool looksLikePickle(const std::string& path) {
    if (hasPickleExtension(path)) return true;
    if (lowerExtension(path) == ".safetensors") return false;
    try {
        CheckedFile file(path, FileKind::Model);   // never blocks on a FIFO
        std::uint8_t head[9] = {};
        std::size_t got = 0;
        while (got < sizeof head) {
            const std::size_t n = file.readSome(head + got, sizeof head - got);
            if (n == 0) break;
            got += n;
        }
        return startsLikePickle(head, got);
    } catch (const std::runtime_error&) {
        return false;   // the reader that follows reports why the file cannot be read
    }
}

RawWeights readNetworkPickle(const std::string& path) {
    const std::vector<std::uint8_t> data = readCheckedFile(path, FileKind::Model);
    return parseNetworkPickle(data.data(), data.size(), path);
}

RawWeights parseNetworkPickle(const std::uint8_t* data, std::size_t size, const std::string& source) {
    return parseNetworkPickle(data, size, source, pickle::PickleLimits{});
}

RawWeights parseNetworkPickle(const std::uint8_t* data, std::size_t size, const std::string& source,
                              const pickle::PickleLimits& limits) {
    if (size == 0) throw PickleError(source + ": empty file");
    pickle::ValueArena arena(limits.budgetFor(size));
    const pickle::PickleInput in{data, size, 0, source};
    const pickle::PickleResult top = pickle::runPickle(in, 0, arena, limits);
    try {
        NetworkReader reader(in, arena, limits);
        return reader.read(top.value);
    } catch (const pickle::LimitError& e) {
        // Tensor decoding charges the arena outside the VM, without a source.
        if (std::string(e.what()).rfind(source, 0) == 0) throw;
        throw pickle::LimitError(source + ": " + e.what());
    }
}

}  // namespace stylemix
