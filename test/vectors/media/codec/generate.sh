#!/bin/sh
# Regenerates the codec test vectors (SoX 14.4.2, ffmpeg 5.1.9, espeak-ng 1.51). Run from this folder.
set -e
T=$(mktemp -d)
R="-t raw -r 8000 -c 1 -e signed -b 16"
# G.711 ramp: -32768, -32763, …, 32767 (13108 samples, step 5 so every residue mod 8 occurs).
node -e 'const n=13108,b=Buffer.alloc(2*n);for(let i=0;i<n;i++)b.writeInt16LE(-32768+5*i,2*i);process.stdout.write(b)' > "$T/ramp.s16"
sox -D $R "$T/ramp.s16" -t raw -e u-law ramp.ul
sox -D $R "$T/ramp.s16" -t raw -e a-law ramp.al
# All 256 codes decoded by SoX.
node -e 'process.stdout.write(Buffer.from(Array.from({length:256},(_,i)=>i)))' > "$T/codes.bin"
sox -D -t ul -r 8000 -c 1 "$T/codes.bin" -t raw -e signed -b 16 ulaw-codes.s16
sox -D -t al -r 8000 -c 1 "$T/codes.bin" -t raw -e signed -b 16 alaw-codes.s16
# A 440 Hz sine (-1 dB) and its SoX encodings.
sox -D -n $R sine440.s16 synth 0.1 sine 440 gain -1
sox -D $R sine440.s16 -t raw -e u-law sine440.ul
sox -D $R sine440.s16 -t raw -e a-law sine440.al
# G.722: 0.5 s of espeak-ng speech at 16 kHz, encoded and decoded by ffmpeg's g722 codec.
espeak-ng -w "$T/speech.wav" "Please leave a message after the tone"
sox -D "$T/speech.wav" -r 16000 -t raw -e signed -b 16 -c 1 speech-16k.s16 trim 0.2 0.5
ffmpeg -hide_banner -loglevel error -y -f s16le -ar 16000 -ac 1 -i speech-16k.s16 -acodec g722 -f g722 speech-16k.ffmpeg.g722
ffmpeg -hide_banner -loglevel error -y -f g722 -i speech-16k.ffmpeg.g722 -f s16le -acodec pcm_s16le speech-16k.ffmpeg-decoded.s16
rm -r "$T"
