#include "model/core/recipe_animation.h"

#include "model/core/animation_check.h"
#include "model/core/recipe_sources.h"
#include "model/io/message_text.h"

#include <sstream>
#include <stdexcept>

namespace stylemix {

nlohmann::json animationToJson(const AnimationSpec& spec, nlohmann::json subject, nlohmann::json noise) {
    const bool walk = spec.kind == AnimationKind::LatentWalk;
    return {{"kind", animationKindName(spec.kind)},
            {"subject", std::move(subject)},
            {"walk_to", walk ? sourceToJson(spec.walk_to) : nlohmann::json(nullptr)},
            {"space", interpolationSpaceName(spec.space)},
            {"noise", std::move(noise)},
            {"frames", spec.frames},
            {"fps", spec.fps}};
}

AnimationSpec animationFromJson(const nlohmann::json& j, const RecipeFields& fields, const std::string& path, LabSubject subject,
                                NoiseSpec noise) {
    const std::string prefix = path + ".";
    AnimationSpec spec;
    const std::string kind = fields.string(fields.at(j, "kind", prefix), prefix + "kind");
    const std::string space = fields.string(fields.at(j, "space", prefix), prefix + "space");
    try {
        spec.kind = parseAnimationKind(kind);
    } catch (const std::invalid_argument& e) {
        fields.fail(prefix + "kind", e.what());
    }
    try {
        spec.space = parseInterpolationSpace(space);
    } catch (const std::invalid_argument& e) {
        fields.fail(prefix + "space", e.what());
    }
    spec.subject = std::move(subject);
    spec.noise = std::move(noise);
    const nlohmann::json& walk_to = fields.at(j, "walk_to", prefix);
    if (spec.kind == AnimationKind::LatentWalk) {
        if (walk_to.is_null()) fields.fail(prefix + "walk_to", "is null: a walk needs the source it walks to");
        spec.walk_to = sourceFromJson(walk_to, prefix + "walk_to", fields.source);
    }
    spec.frames = static_cast<int>(fields.integer(fields.at(j, "frames", prefix), prefix + "frames", 1, kMaxAnimationFrames));
    const nlohmann::json& fps = fields.at(j, "fps", prefix);
    spec.fps = fields.number(fps, prefix + "fps");
    if (!(spec.fps >= kMinAnimationFps && spec.fps <= kMaxAnimationFps)) {
        std::ostringstream range;
        range << "= " << jsonPreview(fps) << " is out of range (expected " << kMinAnimationFps << " to " << kMaxAnimationFps << ")";
        fields.fail(prefix + "fps", range.str());
    }
    return spec;
}

}  // namespace stylemix
