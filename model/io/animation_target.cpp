// The animation writer's free functions (animation_writer.h): targets, formats
// and frame times. In stylemix_io, so the torch-free CLI front checks an output
// without libwebp or giflib.
#include "model/io/animation_writer.h"

#include "model/io/atomic_file.h"
#include "model/io/message_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace stylemix {
namespace {

namespace fs = std::filesystem;

std::string lowerExtension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

std::string fpsText(double fps) {
    std::ostringstream s;
    s << fps;
    return s.str();
}

}  // namespace

void checkAnimationRate(const std::string& path, double fps) {
    const double most = animationFormatOf(path) == AnimationFormat::Gif ? kMaxGifFps : kMaxAnimationFps;
    if (!(fps >= kMinAnimationFps && fps <= most))
        throw std::invalid_argument(displayPath(path) + ": frame rate " + fpsText(fps) + " is out of range (expected " +
                                    fpsText(kMinAnimationFps) + " to " + fpsText(most) + " frames per second" +
                                    (most == kMaxGifFps ? " for a GIF; a WebP plays up to " + fpsText(kMaxAnimationFps) : "") + ")");
}

const char* animationFormatName(AnimationFormat format) { return format == AnimationFormat::WebP ? "webp" : "gif"; }

AnimationFormat animationFormatOf(const std::string& path) {
    const std::string ext = lowerExtension(path);
    if (ext == ".webp") return AnimationFormat::WebP;
    if (ext == ".gif") return AnimationFormat::Gif;
    throw std::invalid_argument("cannot write an animation to '" + displayPath(path) +
                                "': expected a file name ending in .webp (animated WebP, lossless) or .gif");
}

std::string animationRecipePath(const std::string& path) { return fs::path(path).replace_extension(".json").string(); }

void checkAnimationTarget(const std::string& path, bool with_recipe) {
    if (path.empty() || fs::path(path).filename().empty() || fs::path(path).filename() == "." ||
        fs::path(path).filename() == "..")
        throw std::invalid_argument("cannot write an animation to '" + displayPath(path) + "': expected a file path");
    animationFormatOf(path);
    checkOutputTarget(path);
    if (with_recipe) checkOutputTarget(animationRecipePath(path));
}

std::int64_t frameStartMs(std::int64_t index, double fps) {
    return static_cast<std::int64_t>(std::llround(static_cast<double>(index) * 1000.0 / fps));
}
std::int64_t frameStartCs(std::int64_t index, double fps) {
    return static_cast<std::int64_t>(std::llround(static_cast<double>(index) * 100.0 / fps));
}

}  // namespace stylemix
