# Runs a command and checks its exit status, its stdout and its stderr. Portable: needs only
# CMake (3.20+), no shell, no diff, no Python.
#
#   cmake -DCMD=<program;arg;...>          the command, as a CMake list (required)
#         [-DOK_CODES=0;1]                 accepted exit codes (default: 0)
#         [-DEXPECTED=<file>]              stdout must equal this file, byte for byte
#         [-DACTUAL=<file>]                where to write stdout when it differs (for diff -u)
#         [-DSTDOUT_EMPTY=ON]              stdout must be empty
#         [-DSTDERR_EMPTY=ON]              stderr must be empty
#         -P compare_output.cmake
#
# From add_test, pass the lists with $<SEMICOLON> between the items (see CMakeLists.txt here).
# By hand, from the repository root (a shell keeps the quoted ; inside one argument):
#
#   cmake "-DCMD=$PWD/build/cli/abide;eval;$PWD/rules;--facts;$PWD/examples/facts;--as-of;2026-11-22;--format;json" \
#         "-DOK_CODES=0;1" -DEXPECTED=$PWD/examples/expected/main_job.json -DACTUAL=/tmp/main_job.actual.json \
#         -P tests/examples/compare_output.cmake

cmake_policy(VERSION 3.20)

if(NOT DEFINED CMD OR "${CMD}" STREQUAL "")
  message(FATAL_ERROR "compare_output.cmake: -DCMD=<program;arg;...> is required")
endif()
if(NOT DEFINED OK_CODES OR "${OK_CODES}" STREQUAL "")
  set(OK_CODES 0)
endif()

list(JOIN CMD " " cmd_text)
execute_process(
  COMMAND ${CMD}
  RESULT_VARIABLE code
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)

set(failures "")

if(NOT code MATCHES "^[0-9]+$")
  string(APPEND failures "the command did not run: ${code}\n")
else()
  list(FIND OK_CODES "${code}" code_ok)
  if(code_ok EQUAL -1)
    string(APPEND failures "exit status ${code}, expected one of: ${OK_CODES}\n")
  endif()
endif()

if(STDERR_EMPTY AND NOT "${err}" STREQUAL "")
  string(APPEND failures "stderr is not empty\n")
endif()
if(STDOUT_EMPTY AND NOT "${out}" STREQUAL "")
  string(APPEND failures "stdout is not empty\n")
endif()

# Splits TEXT into a list of lines (in OUT_VAR) that survives CMake's list handling: the
# characters that list splitting treats specially are replaced by placeholders, which
# _abide_show_line puts back.
function(_abide_lines text out_var)
  string(REPLACE "\\" "<{bs}>" text "${text}")
  string(REPLACE ";" "<{sc}>" text "${text}")
  string(REPLACE "[" "<{lb}>" text "${text}")
  string(REPLACE "]" "<{rb}>" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

function(_abide_show_line prefix line out_var)
  # START (optional 4th argument): show the line from that character on.
  if(ARGC GREATER 3 AND ARGV3 GREATER 0)
    string(SUBSTRING "${line}" ${ARGV3} -1 line)
    set(line "...${line}")
  endif()
  string(REPLACE "<{bs}>" "\\" line "${line}")
  string(REPLACE "<{sc}>" ";" line "${line}")
  string(REPLACE "<{lb}>" "[" line "${line}")
  string(REPLACE "<{rb}>" "]" line "${line}")
  string(LENGTH "${line}" len)
  if(len GREATER 160)
    string(SUBSTRING "${line}" 0 160 line)
    string(APPEND line "...")
  endif()
  set(${out_var} "${${out_var}}${prefix}${line}\n" PARENT_SCOPE)
endfunction()

# Sets OUT_VAR to where a long line pair should be shown from: 60 characters before the
# first character in which A and B differ (0 for short lines).
function(_abide_diff_start a b out_var)
  string(LENGTH "${a}" la)
  string(LENGTH "${b}" lb)
  set(lo 0)
  if(la LESS lb)
    set(hi ${la})
  else()
    set(hi ${lb})
  endif()
  # Longest common prefix, by bisection: [0, lo) is common, [0, hi] is not known to be.
  while(lo LESS hi)
    math(EXPR mid "(${lo} + ${hi} + 1) / 2")
    string(SUBSTRING "${a}" 0 ${mid} pa)
    string(SUBSTRING "${b}" 0 ${mid} pb)
    if("${pa}" STREQUAL "${pb}")
      set(lo ${mid})
    else()
      math(EXPR hi "${mid} - 1")
    endif()
  endwhile()
  math(EXPR start "${lo} - 60")
  if(start LESS 0 OR (la LESS 160 AND lb LESS 160))
    set(start 0)
  endif()
  set(${out_var} ${start} PARENT_SCOPE)
endfunction()

if(DEFINED EXPECTED AND NOT "${EXPECTED}" STREQUAL "")
  if(NOT EXISTS "${EXPECTED}")
    string(APPEND failures "expected-output file not found: ${EXPECTED}\n")
  else()
    file(READ "${EXPECTED}" want)
    if(DEFINED ACTUAL AND NOT "${ACTUAL}" STREQUAL "")
      file(REMOVE "${ACTUAL}")  # a stale copy from an earlier failure would mislead
    endif()
    if(NOT "${out}" STREQUAL "${want}")
      string(LENGTH "${want}" want_len)
      string(LENGTH "${out}" out_len)
      string(APPEND failures
        "stdout differs from ${EXPECTED} (expected ${want_len} bytes, got ${out_len})\n")

      # A unified-diff-like hint. Lines are compared by position (the JSON of two runs
      # usually has the same shape); the first 20 differing lines are shown with up to two
      # lines of context, long lines from just before their first difference. For a real
      # diff, use diff -u on the files named below.
      _abide_lines("${want}" want_lines)
      _abide_lines("${out}" out_lines)
      set(hint "--- ${EXPECTED}\n+++ stdout\n")
      set(line 0)
      set(shown 0)
      set(last_shown -10)
      set(prev1 "")
      set(prev2 "")
      foreach(a b IN ZIP_LISTS want_lines out_lines)
        math(EXPR line "${line} + 1")
        if(NOT "${a}" STREQUAL "${b}")
          if(shown GREATER_EQUAL 20)
            string(APPEND hint "... (more differences)\n")
            break()
          endif()
          math(EXPR gap "${line} - ${last_shown}")
          if(gap GREATER 1)
            string(APPEND hint "@@ line ${line} @@\n")
            if(gap GREATER 3 AND line GREATER 2)
              _abide_show_line(" " "${prev2}" hint)
            endif()
            if(gap GREATER 2 AND line GREATER 1)
              _abide_show_line(" " "${prev1}" hint)
            endif()
          endif()
          set(from 0)
          if(DEFINED a AND DEFINED b)
            _abide_diff_start("${a}" "${b}" from)
          endif()
          if(DEFINED a)
            _abide_show_line("-" "${a}" hint ${from})
          endif()
          if(DEFINED b)
            _abide_show_line("+" "${b}" hint ${from})
          endif()
          set(last_shown ${line})
          math(EXPR shown "${shown} + 1")
        endif()
        set(prev2 "${prev1}")
        set(prev1 "${a}")
      endforeach()
      string(APPEND failures "${hint}")

      if(DEFINED ACTUAL AND NOT "${ACTUAL}" STREQUAL "")
        file(WRITE "${ACTUAL}" "${out}")
        string(APPEND failures
          "full output written to ${ACTUAL}; compare with: diff -u ${EXPECTED} ${ACTUAL}\n"
          "if the change is intended, review it and copy that file over ${EXPECTED}\n")
      endif()
    endif()
  endif()
endif()

if(NOT "${failures}" STREQUAL "")
  if(NOT "${err}" STREQUAL "")
    string(APPEND failures "stderr:\n${err}")
  endif()
  # NOTICE prints the text as it is (FATAL_ERROR would re-wrap it); then fail.
  message(NOTICE "command: ${cmd_text}\n${failures}")
  message(FATAL_ERROR "example test failed")
endif()
message(STATUS "ok (exit ${code}): ${cmd_text}")
