#!/bin/sh
# Regenerates the DSP test vectors (SoX 14.4.2, espeak-ng 1.51). Run from this folder.
# Two-tone DTMF: two channels of sines, each scaled to peak 0.3 (-10.5 dBFS), summed to mono.
set -e
T=$(mktemp -d)
tone() { # tone RATE DURATION F1 V1 F2 V2 OUT
  sox -D -r "$1" -c 2 -n -r "$1" -c 1 -b 16 -e signed -t raw "$7" synth "$2" sine "$3" sine "$5" remix "1v$4,2v$6"
}
gap() { sox -D -n -r "$1" -c 1 -b 16 -e signed -t raw "$3" trim 0 "$2"; }
digits() { # digits RATE ON OFF "DIGITS" OUT
  list=""
  for d in $(echo "$4" | sed 's/./& /g'); do
    case $d in 1) f="697 1209";; 2) f="697 1336";; 3) f="697 1477";; A) f="697 1633";;
      4) f="770 1209";; 5) f="770 1336";; 6) f="770 1477";; B) f="770 1633";;
      7) f="852 1209";; 8) f="852 1336";; 9) f="852 1477";; C) f="852 1633";;
      s) f="941 1209";; 0) f="941 1336";; h) f="941 1477";; D) f="941 1633";; esac
    set -- "$1" "$2" "$3" "$4" "$5" $f
    tone "$1" "$2" "$6" 0.3 "$7" 0.3 "$T/t$d.s16"; gap "$1" "$3" "$T/g.s16"
    list="$list $T/t$d.s16 $T/g.s16"
  done
  # Raw PCM pieces concatenate into one stream.
  # shellcheck disable=SC2086
  cat $list > "$5"
}
# All 16 digits (s = *, h = #), 50 ms tone / 50 ms gap, 8 kHz and 16 kHz.
digits 8000 0.05 0.05 123A456B789Cs0hD dtmf-all-8k.s16
digits 16000 0.05 0.05 159hD dtmf-159hD-16k.s16
# "2580" with white noise 20 dB below the two tones (noise peak 0.052: power -30.5 dBFS).
digits 8000 0.06 0.06 2580 "$T/2580.s16"
sox -D -n -r 8000 -c 1 -b 16 -e signed -t raw "$T/noise.s16" synth 0.48 whitenoise vol 0.052
sox -D -m -t raw -r 8000 -c 1 -b 16 -e signed "$T/2580.s16" -t raw -r 8000 -c 1 -b 16 -e signed "$T/noise.s16" -t raw dtmf-2580-noise20db-8k.s16 vol 2
# Twist: "5" (770 + 1336 Hz) with the column 10 dB / 6 dB weaker (normal twist) or stronger (reverse).
tone 8000 0.1 770 0.3 1336 0.0949 twist-normal-10db-8k.s16
tone 8000 0.1 770 0.3 1336 0.15 twist-normal-6db-8k.s16
tone 8000 0.1 770 0.15 1336 0.3 twist-reverse-6db-8k.s16
tone 8000 0.1 770 0.212 1336 0.3 twist-reverse-3db-8k.s16
# Duration: "9" for 20 ms and 40 ms, each followed by 60 ms of silence.
tone 8000 0.02 852 0.3 1477 0.3 "$T/a.s16"; gap 8000 0.06 "$T/b.s16"; cat "$T/a.s16" "$T/b.s16" > dtmf-9-20ms-8k.s16
tone 8000 0.04 852 0.3 1477 0.3 "$T/a.s16"; cat "$T/a.s16" "$T/b.s16" > dtmf-9-40ms-8k.s16
# Speech (espeak-ng), 8 kHz, stored as µ-law to keep it small.
espeak-ng -w "$T/speech.wav" "Please leave a message after the tone. Press one, two or three to hear your messages."
sox -D "$T/speech.wav" -r 8000 -c 1 -t raw -e u-law speech-8k.ul trim 0 2.0
# Fax CNG: 1100 Hz at peak 0.3, 0.5 s on then 1.0 s off; CED 2100 Hz 0.6 s; 1000 and 1200 Hz 0.6 s.
sox -D -n -r 8000 -c 1 -t raw -e u-law cng-8k.ul synth 0.5 sine 1100 vol 0.3 pad 0 1.0
sox -D -n -r 8000 -c 1 -t raw -e u-law ced-8k.ul synth 0.6 sine 2100 vol 0.3
sox -D -n -r 8000 -c 1 -t raw -e u-law tone1000-8k.ul synth 0.6 sine 1000 vol 0.3
sox -D -n -r 8000 -c 1 -t raw -e u-law tone1200-8k.ul synth 0.6 sine 1200 vol 0.3
# Steady hum for the silence detector: 50 Hz + 150 Hz at about -50 dBFS, 1 s.
sox -D -r 8000 -c 2 -n -r 8000 -c 1 -t raw -e u-law hum-8k.ul synth 1 sine 50 sine 150 remix 1v0.0035,2v0.0035
rm -r "$T"
