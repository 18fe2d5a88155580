#include "model/io/cut_short.h"

#include "model/io/checked_file.h"

namespace stylemix {

namespace {

std::string byteText(std::uint64_t offset) { return "byte " + std::to_string(offset); }

// Where the data stopped, from what the VM was reading.
std::string whereItStops(const pickle::TruncatedError& e) {
    if (e.inside.empty()) return "the data stops before the pickle's final STOP opcode";
    if (e.inside == "frame")
        return "the data stops inside the frame that starts at " + byteText(e.opcode_offset) + " and should run to " +
               byteText(e.needed_end);
    std::string text = "the data stops inside the " + e.inside + " of the opcode at " + byteText(e.opcode_offset);
    if (e.needed_end != 0) text += ", which should run to " + byteText(e.needed_end);
    return text;
}

}  // namespace

std::string describeTruncatedPickle(const std::string& source, std::uint64_t file_size,
                                    const pickle::TruncatedError& e) {
    if (e.input_end != file_size) return {};
    const std::string size = std::to_string(file_size) + " bytes";
    const std::string detail = " (detail: " + e.detail + ")";
    if (e.needed_end > fileKindLimit(FileKind::Model))
        return source + ": this pickle is damaged (" + size + "; the " + e.inside + " of the opcode at " +
               byteText(e.opcode_offset) + " declares more data than a model file may hold)" + detail;
    return source + ": this pickle is cut short (" + size + "; " + whereItStops(e) +
           "): the download or copy stopped early, fetch the file again" + detail;
}

}  // namespace stylemix
