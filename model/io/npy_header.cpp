#include "model/io/npy_header.h"

#include <limits>
#include <stdexcept>

#include "model/io/message_text.h"

namespace stylemix {

namespace {

constexpr const char* kExpectedDict = "{'descr': '<f4', 'fortran_order': False, 'shape': (18, 512), }";

// A cursor over the dict text; every error names the offset and what it expected.
class HeaderReader {
public:
    HeaderReader(std::string_view text, const std::string& name) : text_(text), name_(name) {}

    NpyHeader read();

private:
    [[noreturn]] void fail(const std::string& message) const {
        throw std::runtime_error(name_ + ": .npy header: " + message);
    }
    [[noreturn]] void unexpected(const std::string& expected) const {
        const std::string found = pos_ < text_.size() ? quoteText(text_.substr(pos_, 12)) : "the end of the header";
        fail("expected " + expected + " at offset " + std::to_string(pos_) + ", found " + found +
             " (numpy writes " + kExpectedDict + ")");
    }
    void skipSpace() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }
    bool accept(char c) {
        skipSpace();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    void expect(char c, const std::string& what) {
        if (!accept(c)) unexpected(what);
    }
    bool acceptWord(std::string_view word) {
        skipSpace();
        if (text_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    std::string readString();
    bool readBool(const std::string& key);
    std::vector<std::int64_t> readShape();
    std::int64_t readDim(std::size_t index);
    void readEntry(NpyHeader& header, unsigned& seen);

    std::string_view text_;
    const std::string& name_;
    std::size_t pos_ = 0;
};

// A Python string literal in ' or " quotes, printable ASCII, without escapes (numpy writes none).
std::string HeaderReader::readString() {
    skipSpace();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) unexpected("a quoted string");
    const char quote = text_[pos_++];
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) {
        const unsigned char c = static_cast<unsigned char>(text_[pos_]);
        if (c == '\\' || c < 0x20 || c > 0x7e)
            fail("string at offset " + std::to_string(start - 1) + " holds " +
                 (c == '\\' ? std::string("an escape") : "byte " + std::to_string(c)) +
                 " (numpy writes plain ASCII names and dtypes)");
        ++pos_;
    }
    if (pos_ >= text_.size()) fail("string at offset " + std::to_string(start - 1) + " is never closed");
    return std::string(text_.substr(start, pos_++ - start));
}

bool HeaderReader::readBool(const std::string& key) {
    if (acceptWord("True")) return true;
    if (acceptWord("False")) return false;
    unexpected("True or False for '" + key + "'");
}

std::int64_t HeaderReader::readDim(std::size_t index) {
    skipSpace();
    const std::size_t start = pos_;
    const bool negative = pos_ < text_.size() && text_[pos_] == '-';
    if (negative) ++pos_;
    if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') {
        pos_ = start;
        unexpected("an integer dimension");
    }
    std::uint64_t value = 0;
    bool overflow = false;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        const auto digit = static_cast<std::uint64_t>(text_[pos_++] - '0');
        overflow = overflow || value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10;
        if (!overflow) value = value * 10 + digit;
    }
    const std::string dim = clipText(text_.substr(start, pos_ - start));
    if (negative) fail("shape[" + std::to_string(index) + "] is " + dim + ", expected a non-negative integer");
    if (overflow || value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        fail("shape[" + std::to_string(index) + "] is " + dim + ", larger than a 64-bit signed integer");
    return static_cast<std::int64_t>(value);
}

// A tuple: "()", "(3,)", "(3, 4)", "(3, 4,)". "(3)" is the integer 3 in Python, not a tuple.
std::vector<std::int64_t> HeaderReader::readShape() {
    expect('(', "a tuple such as (18, 512) for 'shape'");
    std::vector<std::int64_t> shape;
    bool trailing_comma = false;
    while (!accept(')')) {
        if (!shape.empty() && !trailing_comma) unexpected("',' or ')' in 'shape'");
        if (shape.size() == kMaxNpyDims) fail("shape has more than " + std::to_string(kMaxNpyDims) + " dimensions");
        shape.push_back(readDim(shape.size()));
        trailing_comma = accept(',');
    }
    if (shape.size() == 1 && !trailing_comma)
        fail("shape (" + std::to_string(shape[0]) + ") is an integer, not a tuple (numpy writes (" +
             std::to_string(shape[0]) + ",))");
    return shape;
}

// One "key: value"; `seen` records the keys read so far (bit 0 descr, 1 fortran_order, 2 shape).
void HeaderReader::readEntry(NpyHeader& header, unsigned& seen) {
    const std::string key = readString();
    expect(':', "':' after key " + quoteText(key));
    unsigned bit = 0;
    if (key == "descr") {
        bit = 1;
        skipSpace();
        if (pos_ < text_.size() && text_[pos_] == '[')
            fail("descr is a list of fields (a structured dtype); expected one float dtype such as '<f4'");
        header.descr = readString();
    } else if (key == "fortran_order") {
        bit = 2;
        header.fortran_order = readBool(key);
    } else if (key == "shape") {
        bit = 4;
        header.shape = readShape();
    } else {
        fail("unknown key " + quoteText(key) + " (expected exactly 'descr', 'fortran_order' and 'shape')");
    }
    if (seen & bit) fail("key " + quoteText(key) + " appears twice");
    seen |= bit;
}

NpyHeader HeaderReader::read() {
    NpyHeader header;
    unsigned seen = 0;
    expect('{', "'{' (a Python dict)");
    while (!accept('}')) {
        readEntry(header, seen);
        if (!accept(',')) {
            expect('}', "',' or '}'");
            break;
        }
    }
    skipSpace();
    if (pos_ != text_.size()) unexpected("only spaces and a newline after the dict");
    std::string missing;
    const char* const names[] = {"descr", "fortran_order", "shape"};
    for (unsigned i = 0; i < 3; ++i) {
        if (!(seen & (1u << i))) missing += (missing.empty() ? "'" : ", '") + std::string(names[i]) + "'";
    }
    if (!missing.empty()) fail("missing key(s) " + missing + " (expected exactly 'descr', 'fortran_order' and 'shape')");
    return header;
}

}  // namespace

NpyHeader parseNpyHeaderDict(std::string_view text, const std::string& name) {
    return HeaderReader(text, name).read();
}

std::string npyShapeText(const std::vector<std::int64_t>& shape) {
    constexpr std::size_t kShown = 8;
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size() && i < kShown; ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    if (shape.size() > kShown) text += ", ... (" + std::to_string(shape.size()) + " dims)";
    return text + "]";
}

}  // namespace stylemix
