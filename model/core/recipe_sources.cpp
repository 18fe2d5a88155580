#include "model/core/recipe_sources.h"

#include "model/core/recipe.h"
#include "model/core/recipe_fields.h"

#include "model/io/base64.h"
#include "model/io/message_text.h"
#include "model/io/sha256.h"
#include "model/io/w_file.h"
#include "model/io/strict_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>

namespace stylemix {
namespace {

using nlohmann::json;

// The largest W array a recipe may hold (a 1024² model has 18 x 512).
constexpr std::int64_t kMaxWsNum = 4096;
constexpr std::int64_t kMaxWDim = 1 << 16;
constexpr std::int64_t kMaxWValues = 1 << 22;

json classJson(int class_index) { return class_index >= 0 ? json(class_index) : json(nullptr); }

// A path as JSON: UTF-8 text, or for other bytes a display form plus the exact bytes percent-encoded.
void putPath(json& j, const std::string& path) {
    if (isValidUtf8(path)) {
        j["file"] = path;
    } else {
        j["file"] = replaceInvalidUtf8(path);
        j["file_bytes"] = percentEncode(path);
    }
}

json wsJson(const WArray& a) {
    json j = {{"name", isValidUtf8(a.name) ? a.name : replaceInvalidUtf8(a.name)},
              {"sha256", a.origin.sha256},
              {"index", a.origin.index},
              {"count", a.origin.count},
              {"shape", {a.num_ws, a.w_dim}}};
    putPath(j, a.origin.path);
    // Little-endian float32 bytes (this code runs on little-endian hosts only; see CMakeLists).
    j["float32_base64"] = base64Encode(reinterpret_cast<const std::uint8_t*>(a.values.data()), a.values.size() * sizeof(float));
    return j;
}

struct FieldReader : RecipeFields {
    int classIndex(const json& j, const std::string& path) const {
        const json& c = at(j, "class", path + ".");
        return c.is_null() ? -1 : static_cast<int>(integer(c, path + ".class", 0, 1 << 30));
    }
    Source position(const json& j, const std::string& path) const {
        const json& p = j.at("position");
        if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
            fail(path + ".position", "must be a list [x, y] of two numbers, got " + jsonPreview(p));
        try {
            return Source::position(p[0].get<double>(), p[1].get<double>(), classIndex(j, path));
        } catch (const std::invalid_argument& e) {
            fail(path + ".position", e.what());
        }
    }
    std::string filePath(const json& w, const std::string& path) const {
        if (!w.contains("file_bytes")) return string(at(w, "file", path + "."), path + ".file");
        const std::optional<std::string> bytes = percentDecode(string(w.at("file_bytes"), path + ".file_bytes"));
        if (!bytes) fail(path + ".file_bytes", "is not percent-encoded (%XX for each byte outside printable ASCII)");
        return *bytes;
    }
    Source ws(const json& j, const std::string& path) const {
        const json& w = j.at("ws");
        const std::string p = path + ".ws";
        const json& shape = at(w, "shape", p + ".");
        if (!shape.is_array() || shape.size() != 2) fail(p + ".shape", "must be a list [num_ws, w_dim], got " + jsonPreview(shape));
        const std::int64_t num_ws = integer(shape[0], p + ".shape[0]", 1, kMaxWsNum);
        const std::int64_t w_dim = integer(shape[1], p + ".shape[1]", 1, kMaxWDim);
        if (num_ws * w_dim > kMaxWValues) fail(p + ".shape", "holds more than " + std::to_string(kMaxWValues) + " values");
        const std::string text = string(at(w, "float32_base64", p + "."), p + ".float32_base64");
        const std::optional<std::vector<std::uint8_t>> bytes = base64Decode(text);
        const std::size_t expected = static_cast<std::size_t>(num_ws * w_dim) * sizeof(float);
        if (!bytes) fail(p + ".float32_base64", "is not base64 text");
        if (bytes->size() != expected)
            fail(p + ".float32_base64", "holds " + std::to_string(bytes->size()) + " bytes, the shape needs " + std::to_string(expected));
        std::vector<float> values(static_cast<std::size_t>(num_ws * w_dim));
        std::memcpy(values.data(), bytes->data(), expected);
        for (float v : values)
            if (!std::isfinite(v)) fail(p + ".float32_base64", "holds a value that is not finite");
        WOrigin origin;
        origin.path = filePath(w, p);
        origin.sha256 = string(at(w, "sha256", p + "."), p + ".sha256");
        origin.count = static_cast<int>(integer(at(w, "count", p + "."), p + ".count", 1, 1 << 24));
        origin.index = static_cast<int>(integer(at(w, "index", p + "."), p + ".index", 0, origin.count - 1));
        return Source::ws(makeWArray(string(at(w, "name", p + "."), p + ".name"), static_cast<int>(num_ws), static_cast<int>(w_dim),
                                     std::move(values), std::move(origin)));
    }
};

}  // namespace

json sourceToJson(const Source& s) {
    switch (s.kind) {
        case Source::Kind::Seed: return {{"seed", s.seed}, {"class", classJson(s.class_index)}};
        case Source::Kind::Position: return {{"position", {s.x, s.y}}, {"class", classJson(s.class_index)}};
        case Source::Kind::Ws: return {{"ws", wsJson(*s.ws_array)}};
    }
    throw std::logic_error("sourceToJson: unknown source kind");
}

Source sourceFromJson(const json& j, const std::string& path, const std::string& recipe_name) {
    const FieldReader rd{{recipe_name}};
    if (!j.is_object()) rd.fail(path, "must be an object with \"seed\", \"position\" or \"ws\", got " + jsonPreview(j));
    const int kinds = static_cast<int>(j.contains("seed")) + static_cast<int>(j.contains("position")) + static_cast<int>(j.contains("ws"));
    if (kinds != 1) rd.fail(path, "must hold exactly one of \"seed\", \"position\" and \"ws\"");
    if (j.contains("position")) return rd.position(j, path);
    if (j.contains("ws")) return rd.ws(j, path);
    const auto seed = static_cast<std::uint64_t>(rd.integer(j.at("seed"), path + ".seed", 0, 4294967295LL));
    return Source{seed, rd.classIndex(j, path)};
}

std::vector<std::string> wFileChanges(const std::vector<Source>& sources) {
    std::map<std::string, std::string> digests;   // path -> sha256, or "" when unreadable (with the reason)
    std::map<std::string, std::string> reasons;
    std::set<std::string> noted;
    std::vector<std::string> notes;
    for (const Source& s : sources) {
        if (s.kind != Source::Kind::Ws || s.ws_array->origin.path.empty()) continue;
        const WOrigin& o = s.ws_array->origin;
        if (!digests.count(o.path)) {
            try {
                digests[o.path] = sha256File(o.path, FileKind::Array, kMaxWFileBytes);   // as readWFile opens it
            } catch (const std::exception& e) {
                digests[o.path] = "";
                reasons[o.path] = e.what();
            }
        }
        const std::string& now = digests[o.path];
        if (now == o.sha256 || !noted.insert(o.path).second) continue;
        const std::string what = now.empty() ? "cannot be read (" + reasons[o.path] + ")" : "has changed since the recipe was written";
        notes.push_back(displayPath(o.path) + " " + what + ": its sources use the ws the recipe holds");
    }
    return notes;
}

std::vector<Source> recipeSources(const Recipe& r) {
    std::vector<Source> out;
    if (r.mix) {
        out.insert(out.end(), r.mix->rows.begin(), r.mix->rows.end());
        out.insert(out.end(), r.mix->cols.begin(), r.mix->cols.end());
    }
    if (r.lab) {
        out.push_back(r.lab->subject.source);
        if (r.lab->subject.mix_with) out.push_back(*r.lab->subject.mix_with);
    }
    if (r.noise_by_layer) {
        out.push_back(r.noise_by_layer->subject.source);
        if (r.noise_by_layer->subject.mix_with) out.push_back(*r.noise_by_layer->subject.mix_with);
    }
    if (r.layer) {
        out.push_back(r.layer->subject.source);
        if (r.layer->subject.mix_with) out.push_back(*r.layer->subject.mix_with);
    }
    if (r.influence) {
        out.push_back(r.influence->a);
        out.push_back(r.influence->b);
    }
    if (r.animation) {
        out.push_back(r.animation->subject.source);
        if (r.animation->subject.mix_with) out.push_back(*r.animation->subject.mix_with);
        if (r.animation->kind == AnimationKind::LatentWalk) out.push_back(r.animation->walk_to);
    }
    if (r.interpolation) {
        out.push_back(r.interpolation->from);
        out.push_back(r.interpolation->to);
    }
    return out;
}

}  // namespace stylemix
