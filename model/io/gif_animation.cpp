// Animated GIF through giflib, streamed to the output set's staging folder
// frame by frame. Each frame gets its own 256-colour palette from giflib's
// median-cut quantizer (GifQuantizeBuffer: deterministic, colours on a 5-bit
// grid per channel), so a pixel comes back within that palette's error. The
// recipe is a comment extension before the first frame; the NETSCAPE2.0
// extension makes the animation loop.
#include "model/io/animation_formats.h"

#include "model/io/atomic_file.h"
#include "model/io/message_text.h"

#include <gif_lib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace stylemix {
namespace {

constexpr int kMaxGifSide = 65535;

int writeToFile(GifFileType* gif, const GifByteType* bytes, int length) {
    auto* file = static_cast<std::FILE*>(gif->UserData);
    return static_cast<int>(std::fwrite(bytes, 1, static_cast<std::size_t>(length), file));
}

// One frame's palette and its pixels as indices into it.
struct IndexedFrame {
    std::vector<GifColorType> palette;   // a power of two entries, 2..256
    std::vector<GifByteType> indices;
};

IndexedFrame quantize(const Image& rgb) {
    const std::size_t n = static_cast<std::size_t>(rgb.width) * rgb.height;
    std::vector<GifByteType> planes(3 * n);
    for (std::size_t i = 0; i < n; ++i)
        for (int c = 0; c < 3; ++c) planes[static_cast<std::size_t>(c) * n + i] = rgb.pixels[i * 3 + c];
    IndexedFrame out;
    out.indices.resize(n);
    GifColorType colours[256] = {};
    int count = 256;
    if (GifQuantizeBuffer(static_cast<unsigned>(rgb.width), static_cast<unsigned>(rgb.height), &count, planes.data(),
                          planes.data() + n, planes.data() + 2 * n, out.indices.data(), colours) == GIF_ERROR)
        throw std::runtime_error("giflib could not quantize a frame");
    count = std::max(count, 2);
    out.palette.assign(colours, colours + (1 << GifBitSize(count)));
    return out;
}

class GifWriter final : public AnimationWriter {
public:
    explicit GifWriter(const AnimationOutput& out) : AnimationWriter(out) {}
    ~GifWriter() override { closeQuietly(); }

private:
    void addRgb(const Image& rgb, int index) override {
        if (!gif_) open(rgb.width, rgb.height);
        GraphicsControlBlock control{};
        control.DisposalMode = DISPOSE_DO_NOT;
        control.UserInputFlag = false;
        control.DelayTime = static_cast<int>(frameStartCs(index + 1, out_.fps) - frameStartCs(index, out_.fps));
        control.TransparentColor = NO_TRANSPARENT_COLOR;
        GifByteType extension[4];
        const std::size_t length = EGifGCBToExtension(&control, extension);
        check(EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension), "frame " + std::to_string(index));
        IndexedFrame frame = quantize(rgb);
        ColorMapObject* map = GifMakeMapObject(static_cast<int>(frame.palette.size()), frame.palette.data());
        if (!map) throw std::runtime_error(displayPath(out_.path) + ": giflib is out of memory");
        const int described = EGifPutImageDesc(gif_, 0, 0, rgb.width, rgb.height, false, map);
        GifFreeMapObject(map);
        check(described, "frame " + std::to_string(index));
        for (int y = 0; y < rgb.height; ++y)
            check(EGifPutLine(gif_, frame.indices.data() + static_cast<std::size_t>(y) * rgb.width, rgb.width),
                  "frame " + std::to_string(index));
    }

    void finishInto(OutputSet&, const std::string&) override {
        int error = 0;
        const int closed = EGifCloseFile(gif_, &error);   // writes the trailer and frees gif_ either way
        gif_ = nullptr;
        if (closed == GIF_ERROR) failWith("the end of the file", error);
        const bool flushed = std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
        const int flush_errno = errno;
        const bool file_closed = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!flushed || !file_closed)
            throw std::runtime_error(displayPath(out_.path) + ": writing failed: " + std::strerror(flushed ? errno : flush_errno));
    }

    void open(int width, int height) {
        if (width > kMaxGifSide || height > kMaxGifSide)
            throw std::invalid_argument(displayPath(out_.path) + ": frames are larger than GIF allows");
        const std::string staged = set_->stage(name_);
        file_ = std::fopen(staged.c_str(), "wb");
        if (!file_) throw std::runtime_error("cannot write '" + displayPath(out_.path) + "': " + std::strerror(errno));
        int error = 0;
        gif_ = EGifOpen(file_, writeToFile, &error);
        if (!gif_) failWith("opening", error);
        EGifSetGifVersion(gif_, true);
        check(EGifPutScreenDesc(gif_, width, height, 8, 0, nullptr), "the screen descriptor");
        const GifByteType netscape[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
        const GifByteType loop_forever[] = {1, 0, 0};
        check(EGifPutExtensionLeader(gif_, APPLICATION_EXT_FUNC_CODE), "the loop extension");
        check(EGifPutExtensionBlock(gif_, sizeof netscape, netscape), "the loop extension");
        check(EGifPutExtensionBlock(gif_, sizeof loop_forever, loop_forever), "the loop extension");
        check(EGifPutExtensionTrailer(gif_), "the loop extension");
        if (!out_.recipe_json.empty()) check(EGifPutComment(gif_, out_.recipe_json.c_str()), "the recipe comment");
    }

    void check(int result, const std::string& what) const {
        if (result == GIF_ERROR) failWith(what, gif_ ? gif_->Error : 0);
    }
    [[noreturn]] void failWith(const std::string& what, int error) const {
        const char* why = GifErrorString(error);
        throw std::runtime_error(displayPath(out_.path) + ": giflib failed at " + what + (why ? std::string(": ") + why : ""));
    }

    void closeQuietly() noexcept {
        if (gif_) EGifCloseFile(gif_, nullptr);
        if (file_) std::fclose(file_);
        gif_ = nullptr;
        file_ = nullptr;
    }

    std::FILE* file_ = nullptr;
    GifFileType* gif_ = nullptr;
};

}  // namespace

std::unique_ptr<AnimationWriter> makeGifWriter(const AnimationOutput& out) { return std::make_unique<GifWriter>(out); }

}  // namespace stylemix
