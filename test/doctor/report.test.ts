/**
 * What the doctor prints, without I/O: step lines, failures in words, the verdict.
 */
import { describe, expect, it } from 'vitest';
import { AliyunError } from '../../src/api/index.js';
import {
  describeDrives,
  describeFailure,
  describeNotUnderstood,
  exitCodeOf,
  failed,
  formatStep,
  formatVerdict,
  passed,
  skipped,
} from '../../src/doctor/report.js';

const error = (code: string, status: number, message = 'server text', endpoint = 'v2/account/token'): AliyunError =>
  new AliyunError({ status, code, message, endpoint });

describe('failures in words', () => {
  it('tells the operator to log in again for a dead refresh token', () => {
    expect(describeFailure(error('InvalidParameter.RefreshToken', 400))).toBe(
      'InvalidParameter.RefreshToken (HTTP 400) — the refresh token is dead: log in again',
    );
    expect(describeFailure(error('RefreshTokenExpired', 400))).toMatch(/log in again$/);
  });

  it('names what happened to a share', () => {
    expect(describeFailure(error('ShareLink.Cancelled', 400))).toBe('ShareLink.Cancelled (HTTP 400) — the share was cancelled by its creator');
    expect(describeFailure(error('NotFound.ShareLink', 404))).toBe('NotFound.ShareLink (HTTP 404) — link not found');
  });

  it("keeps the server's message for a code it does not know, and leaves out a status of 0", () => {
    expect(describeFailure(error('Some.NewCode', 400, 'something new'))).toBe('Some.NewCode (HTTP 400) — something new');
    expect(describeFailure(error('NetworkError', 0, 'connect ECONNREFUSED 127.0.0.1:1'))).toBe(
      'NetworkError — the host could not be reached: connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it('lists the fields of an answer that was not understood, with the endpoint', () => {
    const err = error(
      'BadResponse',
      200,
      'unexpected answer shape: access_token: Invalid input: expected string, received undefined; user_id: Invalid input: expected string, received null; expires_in: Too small: expected number to be >0',
    );
    expect(describeFailure(err)).toBe(
      'answer not understood: access_token missing, user_id null, expires_in: Too small: expected number to be >0 (v2/account/token)',
    );
    expect(describeNotUnderstood('answer is not JSON')).toBe('answer not understood: answer is not JSON');
  });

  it('uses the message of other errors', () => {
    expect(describeFailure(new Error('disk on fire'))).toBe('disk on fire');
  });
});

describe('step lines and the verdict', () => {
  it('puts name, status and detail in columns', () => {
    expect(formatStep(passed('token refresh', 'Alice'))).toBe('  token refresh          ok      Alice');
    expect(formatStep(skipped('device session', 'needs an access token'))).toBe('  device session         skipped needs an access token');
    expect(formatStep(failed('share info', error('ShareLink.Expired', 400)))).toBe(
      '  share info             FAILED  ShareLink.Expired (HTTP 400) — the share has expired',
    );
    expect(formatStep(passed('share token'))).toBe('  share token            ok');
  });

  it('exits 1 only when a step failed, and names the failed steps', () => {
    const fine = [passed('a'), skipped('b', 'why'), passed('c')];
    expect(formatVerdict(fine)).toBe('all 2 steps ok');
    expect(exitCodeOf(fine)).toBe(0);
    const broken = [...fine, failed('share info', 'x'), failed('share info', 'y'), failed('save folder', 'z')];
    expect(formatVerdict(broken)).toBe('3 of 6 steps failed: share info, save folder');
    expect(exitCodeOf(broken)).toBe(1);
  });

  it('names the drives a source named', () => {
    expect(describeDrives({ default: '1', resource: '2' })).toBe('drives default 1, resource 2');
    expect(describeDrives({})).toBe('names no drive');
  });
});
