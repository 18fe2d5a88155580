#include "tests/animation_decode.h"

#include <gif_lib.h>
#include <webp/demux.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace stylemix::test {

DecodedAnimation decodeWebp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    WebPData data{reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
    WebPAnimDecoderOptions options;
    WebPAnimDecoderOptionsInit(&options);
    options.color_mode = MODE_RGBA;
    options.use_threads = 0;
    WebPAnimDecoder* decoder = WebPAnimDecoderNew(&data, &options);
    if (!decoder) throw std::runtime_error(path + ": not a WebP libwebp decodes");
    WebPAnimInfo info;
    WebPAnimDecoderGetInfo(decoder, &info);
    DecodedAnimation out;
    out.loop_count = static_cast<int>(info.loop_count);
    while (WebPAnimDecoderHasMoreFrames(decoder)) {
        uint8_t* rgba = nullptr;
        int timestamp = 0;
        if (!WebPAnimDecoderGetNext(decoder, &rgba, &timestamp)) {
            WebPAnimDecoderDelete(decoder);
            throw std::runtime_error(path + ": a frame does not decode");
        }
        Image frame;
        frame.width = static_cast<int>(info.canvas_width);
        frame.height = static_cast<int>(info.canvas_height);
        frame.channels = 3;
        const std::size_t n = static_cast<std::size_t>(frame.width) * frame.height;
        frame.pixels.resize(n * 3);
        for (std::size_t i = 0; i < n; ++i)
            for (int c = 0; c < 3; ++c) frame.pixels[i * 3 + c] = rgba[i * 4 + c];
        out.frames.push_back(std::move(frame));
        out.end_ms.push_back(timestamp);
    }
    WebPAnimDecoderDelete(decoder);
    return out;
}

const Image& webpFrameAt(const DecodedAnimation& webp, int ms) {
    for (std::size_t i = 0; i < webp.frames.size(); ++i)
        if (webp.end_ms[i] > ms) return webp.frames[i];
    throw std::runtime_error("no frame at " + std::to_string(ms) + " ms");
}

DecodedAnimation decodeGif(const std::string& path) {
    int error = 0;
    GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
    if (!gif) throw std::runtime_error(path + ": " + GifErrorString(error));
    if (DGifSlurp(gif) == GIF_ERROR) {
        DGifCloseFile(gif, &error);
        throw std::runtime_error(path + ": does not decode");
    }
    DecodedAnimation out;
    for (int i = 0; i < gif->ImageCount; ++i) {
        const SavedImage& saved = gif->SavedImages[i];
        const ColorMapObject* map = saved.ImageDesc.ColorMap ? saved.ImageDesc.ColorMap : gif->SColorMap;
        Image frame;
        frame.width = saved.ImageDesc.Width;
        frame.height = saved.ImageDesc.Height;
        frame.channels = 3;
        const std::size_t n = static_cast<std::size_t>(frame.width) * frame.height;
        frame.pixels.resize(n * 3);
        for (std::size_t p = 0; p < n; ++p) {
            const GifColorType& c = map->Colors[saved.RasterBits[p]];
            frame.pixels[p * 3] = c.Red, frame.pixels[p * 3 + 1] = c.Green, frame.pixels[p * 3 + 2] = c.Blue;
        }
        out.frames.push_back(std::move(frame));
        GraphicsControlBlock control;
        out.delays_cs.push_back(DGifSavedExtensionToGCB(gif, i, &control) == GIF_OK ? control.DelayTime : -1);
        for (int e = 0; e < saved.ExtensionBlockCount; ++e) {
            const ExtensionBlock& block = saved.ExtensionBlocks[e];
            // A comment longer than one sub-block continues in CONTINUE_EXT_FUNC_CODE blocks.
            if (block.Function == COMMENT_EXT_FUNC_CODE && out.comment.empty())
                for (int k = e; k < saved.ExtensionBlockCount && (k == e || saved.ExtensionBlocks[k].Function == CONTINUE_EXT_FUNC_CODE); ++k)
                    out.comment.append(reinterpret_cast<const char*>(saved.ExtensionBlocks[k].Bytes),
                                       static_cast<std::size_t>(saved.ExtensionBlocks[k].ByteCount));
            if (block.Function == APPLICATION_EXT_FUNC_CODE && block.ByteCount == 11 &&
                std::string(reinterpret_cast<const char*>(block.Bytes), 11) == "NETSCAPE2.0" && e + 1 < saved.ExtensionBlockCount)
                out.loop_count = saved.ExtensionBlocks[e + 1].Bytes[1] | saved.ExtensionBlocks[e + 1].Bytes[2] << 8;
        }
    }
    DGifCloseFile(gif, &error);
    return out;
}

}  // namespace stylemix::test
