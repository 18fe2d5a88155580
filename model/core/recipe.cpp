#include "model/core/recipe.h"

#include "model/core/recipe_animation.h"
#include "model/core/recipe_check.h"
#include "model/core/recipe_fields.h"
#include "model/core/recipe_influence.h"
#include "model/core/recipe_layer.h"
#include "model/core/recipe_noise_by_layer.h"
#include "model/core/recipe_sources.h"

#include "model/io/animation_recipe.h"
#include "model/io/atomic_file.h"
#include "model/io/checked_file.h"
#include "model/io/message_text.h"
#include "model/io/png_text.h"
#include "model/io/strict_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace stylemix {
namespace {

using nlohmann::json;

constexpr const char* kRecipeKinds =
    "mix-grid, noise-lab, stddev, noise-layers, image, interpolation, layer, influence, noise-by-layer, animation";

json sourceJson(const Source& s) { return sourceToJson(s); }

json truncJson(const Truncation& t) {
    json j = {{"psi", t.psi}};
    j["cutoff"] = t.cutoff >= 0 ? json(t.cutoff) : json(nullptr);
    return j;
}

json noiseJson(const NoiseSpec& n) {
    return {{"mode", noiseModeName(n.mode)}, {"seed", n.seed}, {"strengths", n.multipliers}};
}

// Written only when set: recipes without it render with the model's stored transform.
void putTransform(json& j, const OptionalTransform& t) {
    if (t) j["input_transform"] = {{"translate", {t->translate_x, t->translate_y}}, {"rotate_deg", t->rotate_deg}};
}

// model.path round-trips any byte string: a path that is not UTF-8 (JSON text
// cannot hold it) is written for display with U+FFFD in "path" and exactly,
// percent-encoded, in "path_bytes", which a reader prefers.
json modelJson(const Recipe& r) {
    json j = {{"family", r.model_family}, {"sha256", r.model_sha256}};
    if (isValidUtf8(r.model_path)) {
        j["path"] = r.model_path;
    } else {
        j["path"] = replaceInvalidUtf8(r.model_path);
        j["path_bytes"] = percentEncode(r.model_path);
    }
    return j;
}

json subjectJson(const LabSubject& s) {
    json j = {{"source", sourceJson(s.source)}, {"styles", s.styles}, {"truncation", truncJson(s.truncation)}};
    j["mix_with"] = s.mix_with ? sourceJson(*s.mix_with) : json(nullptr);
    putTransform(j, s.transform);
    return j;
}

// The recipe's parts, read through RecipeFields (errors name the field's path).
struct Reader : RecipeFields {
    Source sourceOf(const json& j, const std::string& path) const { return sourceFromJson(j, path, source); }
    std::vector<Source> sources(const json& j, const std::string& path) const {
        if (!j.is_array()) fail(path, "must be a list");
        std::vector<Source> out;
        for (size_t i = 0; i < j.size(); ++i) out.push_back(sourceOf(j[i], path + "[" + std::to_string(i) + "]"));
        return out;
    }
    std::vector<int> ints(const json& j, const std::string& path) const {
        if (!j.is_array()) fail(path, "must be a list of integers");
        std::vector<int> out;
        for (size_t i = 0; i < j.size(); ++i) out.push_back(static_cast<int>(integer(j[i], path + "[" + std::to_string(i) + "]", 0, 1 << 20)));
        return out;
    }
    Truncation truncation(const json& j, const std::string& path) const {
        Truncation t;
        t.psi = number(at(j, "psi", path + "."), path + ".psi");
        if (!(std::fabs(t.psi) < kMaxAbsPsi)) fail(path + ".psi", "= " + jsonPreview(j.at("psi")) + " is out of range (expected |psi| < " +
                                                                std::to_string(static_cast<int>(kMaxAbsPsi)) + ")");
        const json& c = at(j, "cutoff", path + ".");
        t.cutoff = c.is_null() ? -1 : static_cast<int>(integer(c, path + ".cutoff", 0, 1 << 20));
        return t;
    }
    NoiseSpec noise(const json& j, const std::string& path) const {
        NoiseSpec n;
        try {
            n.mode = parseNoiseMode(string(at(j, "mode", path + "."), path + ".mode"));
        } catch (const std::invalid_argument& e) {
            fail(path + ".mode", e.what());
        }
        n.seed = static_cast<std::uint64_t>(integer(at(j, "seed", path + "."), path + ".seed", 0, INT64_MAX));
        const json& s = at(j, "strengths", path + ".");
        if (!s.is_array()) fail(path + ".strengths", "must be a list of numbers");
        for (size_t i = 0; i < s.size(); ++i) n.multipliers.push_back(static_cast<float>(number(s[i], path + ".strengths[" + std::to_string(i) + "]")));
        return n;
    }
    double bounded(const json& j, const std::string& path, double max_abs) const {
        const double v = number(j, path);
        if (!(std::fabs(v) <= max_abs)) {
            std::ostringstream m;
            m << "= " << jsonPreview(j) << " is out of range (expected |value| <= " << max_abs << ")";
            fail(path, m.str());
        }
        return v;
    }
    // Optional (recipes before input transforms have none).
    OptionalTransform transform(const json& parent, const std::string& path) const {
        if (!parent.contains("input_transform")) return std::nullopt;
        const json& j = parent.at("input_transform");
        const std::string p = path + ".input_transform";
        const json& tr = at(j, "translate", p + ".");
        if (!tr.is_array() || tr.size() != 2) fail(p + ".translate", "must be a list [x, y]");
        InputTransform t;
        t.translate_x = bounded(tr[0], p + ".translate[0]", kMaxTranslate);
        t.translate_y = bounded(tr[1], p + ".translate[1]", kMaxTranslate);
        t.rotate_deg = bounded(at(j, "rotate_deg", p + "."), p + ".rotate_deg", kMaxRotateDeg);
        return t;
    }
    InterpolationRequest interpolation(const json& j, const std::string& path) const {
        InterpolationRequest in;
        in.from = sourceOf(at(j, "from", path + "."), path + ".from");
        in.to = sourceOf(at(j, "to", path + "."), path + ".to");
        in.steps = static_cast<int>(integer(at(j, "steps", path + "."), path + ".steps", 2, kMaxInterpolationSteps));
        const std::string space = string(at(j, "space", path + "."), path + ".space");
        try {
            in.space = parseInterpolationSpace(space);
        } catch (const std::invalid_argument& e) {
            fail(path + ".space", e.what());
        }
        in.truncation = truncation(at(j, "truncation", path + "."), path + ".truncation");
        in.noise = noise(at(j, "noise", path + "."), path + ".noise");
        in.transform = transform(j, path);
        return in;
    }
    LabSubject subject(const json& j, const std::string& path) const {
        LabSubject s;
        s.source = sourceOf(at(j, "source", path + "."), path + ".source");
        const json& m = at(j, "mix_with", path + ".");
        if (!m.is_null()) s.mix_with = sourceOf(m, path + ".mix_with");
        s.styles = ints(at(j, "styles", path + "."), path + ".styles");
        s.truncation = truncation(at(j, "truncation", path + "."), path + ".truncation");
        s.transform = transform(j, path);
        return s;
    }
};

}  // namespace

const char* recipeKindName(RecipeKind kind) {
    switch (kind) {
        case RecipeKind::MixGrid: return "mix-grid";
        case RecipeKind::NoiseLab: return "noise-lab";
        case RecipeKind::StdDev: return "stddev";
        case RecipeKind::NoiseLayers: return "noise-layers";
        case RecipeKind::Image: return "image";
        case RecipeKind::Interpolation: return "interpolation";
        case RecipeKind::Layer: return "layer";
        case RecipeKind::Influence: return "influence";
        case RecipeKind::NoiseByLayer: return "noise-by-layer";
        case RecipeKind::Animation: return "animation";
    }
    return "?";
}

RecipeKind parseRecipeKind(const std::string& text) {
    for (RecipeKind k : {RecipeKind::MixGrid, RecipeKind::NoiseLab, RecipeKind::StdDev, RecipeKind::NoiseLayers, RecipeKind::Image,
                         RecipeKind::Interpolation, RecipeKind::Layer, RecipeKind::Influence, RecipeKind::NoiseByLayer,
                         RecipeKind::Animation})
        if (text == recipeKindName(k)) return k;
    throw std::invalid_argument(quoteText(text) + " is not one of " + kRecipeKinds);
}

std::string recipeToJson(const Recipe& r) {
    json j = {{"stylemix_recipe", 1},
              {"kind", recipeKindName(r.kind)},
              {"model", modelJson(r)},
              {"learned_noise_strengths", r.learned_strengths}};
    if (r.mix) {
        json rows = json::array(), cols = json::array();
        for (const auto& s : r.mix->rows) rows.push_back(sourceJson(s));
        for (const auto& s : r.mix->cols) cols.push_back(sourceJson(s));
        j["mix"] = {{"rows", rows}, {"cols", cols}, {"styles", r.mix->styles}, {"row_styles", r.mix->row_styles},
                    {"truncation", truncJson(r.mix->truncation)}, {"noise", noiseJson(r.mix->noise)}, {"labels", r.labels}};
        if (r.grid_scale != 1) j["mix"]["scale"] = r.grid_scale;   // absent = 1, so older recipes read the same
        putTransform(j["mix"], r.mix->transform);
    }
    if (r.interpolation) {
        const InterpolationRequest& in = *r.interpolation;
        j["interpolation"] = {{"from", sourceJson(in.from)}, {"to", sourceJson(in.to)}, {"steps", in.steps},
                              {"space", interpolationSpaceName(in.space)}, {"truncation", truncJson(in.truncation)},
                              {"noise", noiseJson(in.noise)}};
        putTransform(j["interpolation"], in.transform);
    }
    if (r.layer) j["layer"] = layerToJson(*r.layer, subjectJson(r.layer->subject), noiseJson(r.layer->noise));
    if (r.noise_by_layer)
        j["noise_by_layer"] = noiseByLayerToJson(*r.noise_by_layer, subjectJson(r.noise_by_layer->subject),
                                                 noiseJson(r.noise_by_layer->noise));
    if (r.influence) {
        const InfluenceSpec& in = *r.influence;
        j["influence"] = influenceToJson(in, sourceJson(in.a), sourceJson(in.b), truncJson(in.truncation), noiseJson(in.noise));
        putTransform(j["influence"], in.transform);
    }
    if (r.animation) {
        j["animation"] = animationToJson(*r.animation, subjectJson(r.animation->subject), noiseJson(r.animation->noise));
    }
    if (r.lab && r.kind == RecipeKind::Image) {
        j["image"] = {{"subject", subjectJson(r.lab->subject)}, {"noise", noiseJson(r.lab->noise)}};
        if (r.grid_tile) j["image"]["from"] = "grid";   // absent: as `stylemix generate` renders it
    } else if (r.lab) {
        j["lab"] = {{"subject", subjectJson(r.lab->subject)}, {"noise", noiseJson(r.lab->noise)},
                    {"samples", r.lab->samples}, {"keep_images", r.lab->keep_images},
                    {"stddev_gain", r.lab->stddev_gain}, {"zoom", r.zoom}};
        if (r.kind == RecipeKind::NoiseLab) j["lab"]["difference_gain"] = r.difference_gain;
        if (r.kind == RecipeKind::StdDev && r.stddev_scale != 1) j["lab"]["scale"] = r.stddev_scale;   // absent = 1
        if (r.crop) j["lab"]["crop"] = {{"x", r.crop->x}, {"y", r.crop->y}, {"width", r.crop->width}, {"height", r.crop->height}};
    }
    // Every string above is valid UTF-8 by now; `replace` keeps dump() from ever throwing.
    return j.dump(2, ' ', false, json::error_handler_t::replace);
}

Recipe recipeFromJson(const std::string& text, const std::string& source) {
    const json j = parseJsonText(text, source + ": recipe");
    Reader rd{{source}};
    if (!j.is_object()) throw std::runtime_error(source + ": recipe must be a JSON object");
    if (rd.integer(rd.at(j, "stylemix_recipe", ""), "stylemix_recipe", 1, 1) != 1) rd.fail("stylemix_recipe", "unsupported version");
    Recipe r;
    const std::string kind = rd.string(rd.at(j, "kind", ""), "kind");
    try {
        r.kind = parseRecipeKind(kind);
    } catch (const std::invalid_argument&) {
        rd.fail("kind", "= " + quoteText(kind) + " is not one of " + kRecipeKinds);
    }
    const json& model = rd.at(j, "model", "");
    // Recipes made before families existed name none: they were StyleGAN2.
    r.model_family = model.contains("family") ? rd.string(model.at("family"), "model.family") : "stylegan2";
    r.model_path = rd.string(rd.at(model, "path", "model."), "model.path");
    if (model.contains("path_bytes")) {
        const std::optional<std::string> bytes = percentDecode(rd.string(model.at("path_bytes"), "model.path_bytes"));
        if (!bytes) rd.fail("model.path_bytes", "is not percent-encoded (%XX for each byte outside printable ASCII)");
        r.model_path = *bytes;
    }
    r.model_sha256 = rd.string(rd.at(model, "sha256", "model."), "model.sha256");
    if (j.contains("learned_noise_strengths")) {
        const json& ls = j.at("learned_noise_strengths");
        if (!ls.is_array()) rd.fail("learned_noise_strengths", "must be a list of numbers");
        for (size_t i = 0; i < ls.size(); ++i)
            r.learned_strengths.push_back(static_cast<float>(rd.number(ls[i], "learned_noise_strengths[" + std::to_string(i) + "]")));
    }
    if (r.kind == RecipeKind::MixGrid) {
        const json& m = rd.at(j, "mix", "");
        MixRequest req;
        req.rows = rd.sources(rd.at(m, "rows", "mix."), "mix.rows");
        req.cols = rd.sources(rd.at(m, "cols", "mix."), "mix.cols");
        req.styles = rd.ints(rd.at(m, "styles", "mix."), "mix.styles");
        const json& rs = rd.at(m, "row_styles", "mix.");
        if (!rs.is_array()) rd.fail("mix.row_styles", "must be a list of lists");
        for (size_t i = 0; i < rs.size(); ++i) req.row_styles.push_back(rd.ints(rs[i], "mix.row_styles[" + std::to_string(i) + "]"));
        req.truncation = rd.truncation(rd.at(m, "truncation", "mix."), "mix.truncation");
        req.noise = rd.noise(rd.at(m, "noise", "mix."), "mix.noise");
        req.transform = rd.transform(m, "mix");
        if (m.contains("labels")) r.labels = rd.boolean(m.at("labels"), "mix.labels");
        if (m.contains("scale")) r.grid_scale = static_cast<int>(rd.integer(m.at("scale"), "mix.scale", 1, 8));
        r.mix = req;
    } else if (r.kind == RecipeKind::Interpolation) {
        r.interpolation = rd.interpolation(rd.at(j, "interpolation", ""), "interpolation");
    } else if (r.kind == RecipeKind::Layer) {
        const json& la = rd.at(j, "layer", "");
        r.layer = layerFromJson(la, rd, "layer", rd.subject(rd.at(la, "subject", "layer."), "layer.subject"),
                                rd.noise(rd.at(la, "noise", "layer."), "layer.noise"));
    } else if (r.kind == RecipeKind::NoiseByLayer) {
        const json& nb = rd.at(j, "noise_by_layer", "");
        r.noise_by_layer = noiseByLayerFromJson(nb, rd, "noise_by_layer",
                                                rd.subject(rd.at(nb, "subject", "noise_by_layer."), "noise_by_layer.subject"),
                                                rd.noise(rd.at(nb, "noise", "noise_by_layer."), "noise_by_layer.noise"));
    } else if (r.kind == RecipeKind::Influence) {
        const json& in = rd.at(j, "influence", "");
        InfluenceSpec spec;
        spec.a = rd.sourceOf(rd.at(in, "a", "influence."), "influence.a");
        spec.b = rd.sourceOf(rd.at(in, "b", "influence."), "influence.b");
        spec.truncation = rd.truncation(rd.at(in, "truncation", "influence."), "influence.truncation");
        spec.noise = rd.noise(rd.at(in, "noise", "influence."), "influence.noise");
        spec.transform = rd.transform(in, "influence");
        r.influence = influenceFromJson(in, rd, "influence", std::move(spec));
    } else if (r.kind == RecipeKind::Animation) {
        const json& an = rd.at(j, "animation", "");
        r.animation = animationFromJson(an, rd, "animation", rd.subject(rd.at(an, "subject", "animation."), "animation.subject"),
                                        rd.noise(rd.at(an, "noise", "animation."), "animation.noise"));
    } else if (r.kind == RecipeKind::Image) {
        const json& im = rd.at(j, "image", "");
        NoiseLabRequest req;
        req.subject = rd.subject(rd.at(im, "subject", "image."), "image.subject");
        req.noise = rd.noise(rd.at(im, "noise", "image."), "image.noise");
        if (im.contains("from")) {
            const std::string from = rd.string(im.at("from"), "image.from");
            if (from != "grid") rd.fail("image.from", "= " + quoteText(from) + " is not \"grid\" (or absent)");
            r.grid_tile = true;
        }
        r.lab = req;
    } else {
        const json& l = rd.at(j, "lab", "");
        NoiseLabRequest req;
        req.subject = rd.subject(rd.at(l, "subject", "lab."), "lab.subject");
        req.noise = rd.noise(rd.at(l, "noise", "lab."), "lab.noise");
        req.samples = static_cast<int>(rd.integer(rd.at(l, "samples", "lab."), "lab.samples", 1, 100000));
        req.keep_images = static_cast<int>(rd.integer(rd.at(l, "keep_images", "lab."), "lab.keep_images", 0, 1000));
        const json& gain = rd.at(l, "stddev_gain", "lab.");
        req.stddev_gain = static_cast<float>(rd.number(gain, "lab.stddev_gain"));
        // The CLI's --stddev-gain rule.
        if (!validStdDevGain(gain.get<double>()))
            rd.fail("lab.stddev_gain", "= " + jsonPreview(gain) + " is out of range (expected a number in (0, 1000])");
        if (l.contains("zoom")) r.zoom = static_cast<int>(rd.integer(l.at("zoom"), "lab.zoom", 1, 64));
        if (l.contains("difference_gain"))
            r.difference_gain = static_cast<int>(rd.integer(l.at("difference_gain"), "lab.difference_gain", 1, 64));
        if (l.contains("scale")) r.stddev_scale = static_cast<int>(rd.integer(l.at("scale"), "lab.scale", 1, 8));
        if (l.contains("crop")) {
            const json& c = l.at("crop");
            CropRect cr;
            cr.x = static_cast<int>(rd.integer(rd.at(c, "x", "lab.crop."), "lab.crop.x", 0, 1 << 20));
            cr.y = static_cast<int>(rd.integer(rd.at(c, "y", "lab.crop."), "lab.crop.y", 0, 1 << 20));
            cr.width = static_cast<int>(rd.integer(rd.at(c, "width", "lab.crop."), "lab.crop.width", 1, 1 << 20));
            cr.height = static_cast<int>(rd.integer(rd.at(c, "height", "lab.crop."), "lab.crop.height", 1, 1 << 20));
            r.crop = cr;
        }
        r.lab = req;
    }
    return r;
}

std::string readRecipeText(const std::string& path) {
    // The opener refuses directories, FIFOs and devices. A PNG (or a StyleMix WebP or GIF) may be as
    // large as an image; its recipe, like a JSON recipe file, at most 4 MiB (read chunk by chunk, never whole).
    CheckedFile file(path, FileKind::Recipe, fileKindLimit(FileKind::Image));
    if (std::optional<std::string> text = readAnimationRecipe(file, fileKindLimit(FileKind::Recipe))) return std::move(*text);
    if (!startsWithPngSignature(file)) {
        refuseMisnamedAnimation(file);   // an empty or foreign "x.webp" is not a JSON syntax error
        return readCheckedText(path, FileKind::Recipe);
    }
    std::optional<std::string> text = readPngTextEntry(file, kRecipeTextKey, fileKindLimit(FileKind::Recipe));
    if (!text) throw std::runtime_error(displayPath(path) + ": this PNG holds no StyleMix recipe (no '" + kRecipeTextKey + "' entry)");
    return std::move(*text);
}

Recipe readRecipeFile(const std::string& path) { return recipeFromJson(readRecipeText(path), displayPath(path)); }

void exportFigure(const std::string& png_path, const Image& image, const Recipe& recipe) {
    const std::string json_text = recipeToJson(recipe);
    std::string json_path = png_path;
    if (json_path.size() > 4 && json_path.substr(json_path.size() - 4) == ".png") json_path.resize(json_path.size() - 4);
    json_path += ".json";
    // As a set: a failure (disk full) leaves neither the PNG nor its JSON.
    const std::filesystem::path png(png_path), json_file(json_path);
    OutputSet out(png.has_parent_path() ? png.parent_path().string() : std::string("."));
    out.checkTarget(png.filename().string());
    out.checkTarget(json_file.filename().string());
    const std::vector<std::uint8_t> bytes = encodePng(image, {{kRecipeTextKey, json_text}});
    out.add(png.filename().string(), bytes.data(), bytes.size());
    out.add(json_file.filename().string(), json_text + "\n");
    out.commit();
}

}  // namespace stylemix
