import { Alert, Button, Card, Col, Divider, Form, Input, Result, Row, TreeSelect, Typography } from 'antd';
import { normalizeCreditCode, validateCreditCode } from '@yiwang/domain';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { nestedFieldErrorsFor, pickMessage, useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useRegions } from '../../org/api/org.api.ts';
import { buildRegionTree } from '../../org/components/region-tree-data.ts';
import {
  useRegisterEnterprise,
  type RegisterEnterpriseInput,
  type RegisterEnterpriseResult,
} from '../api/public.api.ts';
import { isValidResidentIdNumber, PHONE_RE, USERNAME_RE } from '../components/id-number.ts';

interface RegisterFormValues extends RegisterEnterpriseInput {
  confirmPassword: string;
}

/** 企业注册: the 项目单位 and its first applicant account; the credit code is checked here with the server's own rules. */
export function RegisterPage() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm<RegisterFormValues>();
  const register = useRegisterEnterprise();
  const regions = useRegions();
  const regionTree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);
  const [done, setDone] = useState<RegisterEnterpriseResult | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const required = (message: string) => [{ required: true, whitespace: true, message }];

  const submit = async (values: RegisterFormValues) => {
    setFormError(null);
    const input: RegisterEnterpriseInput = {
      creditCode: normalizeCreditCode(values.creditCode),
      name: values.name.trim(),
      legalRepresentative: values.legalRepresentative.trim(),
      regionCode: values.regionCode,
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
      contactName: values.contactName.trim(),
      contactPhone: values.contactPhone.trim(),
      contactIdNumber: values.contactIdNumber.trim().toUpperCase(),
      account: {
        username: values.account.username.trim(),
        password: values.account.password,
        displayName: values.account.displayName.trim(),
      },
    };
    try {
      setDone(await register.mutateAsync(input));
    } catch (error) {
      const fieldErrors = nestedFieldErrorsFor(error, locale);
      form.setFields(fieldErrors.map((entry) => ({ name: entry.name as never, errors: entry.errors })));
      setFormError(errorText(error));
    }
  };

  if (done) {
    return (
      <Card className="public-card">
        <Result
          status="success"
          title={t('register.done')}
          subTitle={t('register.doneDetail', { name: done.enterprise.name, username: done.account.username })}
          data-testid="register-done"
          extra={
            <Link to="/login">
              <Button type="primary" data-testid="register-go-login">
                {t('register.goLogin')}
              </Button>
            </Link>
          }
        />
      </Card>
    );
  }

  const col = { xs: 24, md: 12 };
  return (
    <Card className="public-card" data-testid="register-page">
      <Typography.Title level={4}>{t('register.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('register.intro')}</Typography.Paragraph>
      {formError ? (
        <Alert type="error" showIcon title={formError} className="form-alert" data-testid="register-error" />
      ) : null}
      <Form<RegisterFormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        scrollToFirstError
      >
        <Divider titlePlacement="start">{t('register.section.enterprise')}</Divider>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item
              name="creditCode"
              label={t('register.creditCode')}
              normalize={(value: string | undefined) => value?.toUpperCase()}
              validateDebounce={300}
              rules={[
                { required: true, whitespace: true, message: t('register.creditCodeRequired') },
                {
                  validator: async (_, value: string | undefined) => {
                    if (!value?.trim()) return;
                    const check = validateCreditCode(normalizeCreditCode(value));
                    if (!check.valid)
                      throw new Error(pickMessage({ message: check.reason, messageEn: check.reasonEn }, locale));
                  },
                },
              ]}
              extra={t('register.creditCodeHint')}
            >
              <Input maxLength={18} autoComplete="off" className="mono" data-testid="reg-creditCode" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name="name"
              label={t('register.name')}
              rules={[...required(t('register.required')), { max: 100 }]}
            >
              <Input maxLength={100} data-testid="reg-name" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name="legalRepresentative"
              label={t('register.legalRepresentative')}
              rules={[...required(t('register.required')), { max: 50 }]}
            >
              <Input maxLength={50} data-testid="reg-legal" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name="regionCode"
              label={t('register.region')}
              rules={[{ required: true, message: t('register.required') }]}
            >
              <TreeSelect
                treeData={regionTree}
                loading={regions.isPending}
                showSearch
                treeNodeFilterProp="title"
                treeDefaultExpandAll
                data-testid="reg-region"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label={t('register.address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} data-testid="reg-address" />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('register.section.contact')}</Divider>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item
              name="contactName"
              label={t('register.contactName')}
              rules={[...required(t('register.required')), { max: 50 }]}
            >
              <Input maxLength={50} data-testid="reg-contactName" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name="contactPhone"
              label={t('register.contactPhone')}
              rules={[
                { required: true, message: t('register.required') },
                { pattern: PHONE_RE, message: t('register.phoneFormat') },
              ]}
            >
              <Input inputMode="tel" maxLength={13} data-testid="reg-contactPhone" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name="contactIdNumber"
              label={t('register.contactIdNumber')}
              normalize={(value: string | undefined) => value?.toUpperCase()}
              extra={t('register.piiHint')}
              rules={[
                { required: true, message: t('register.required') },
                {
                  validator: async (_, value: string | undefined) => {
                    if (value && !isValidResidentIdNumber(value.trim())) throw new Error(t('register.idNumberInvalid'));
                  },
                },
              ]}
            >
              <Input maxLength={18} autoComplete="off" data-testid="reg-contactIdNumber" />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('register.section.account')}</Divider>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item
              name={['account', 'username']}
              label={t('auth.username')}
              extra={t('register.usernameHint')}
              rules={[
                { required: true, message: t('register.required') },
                { pattern: USERNAME_RE, message: t('register.usernameFormat') },
              ]}
            >
              <Input autoComplete="username" maxLength={32} data-testid="reg-username" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name={['account', 'displayName']}
              label={t('register.displayName')}
              rules={[...required(t('register.required')), { max: 64 }]}
            >
              <Input maxLength={64} data-testid="reg-displayName" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name={['account', 'password']}
              label={t('auth.password')}
              rules={[{ required: true, message: t('register.required') }, { max: 128 }]}
            >
              <Input.Password autoComplete="new-password" data-testid="reg-password" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name="confirmPassword"
              label={t('register.confirmPassword')}
              dependencies={[['account', 'password']]}
              rules={[
                { required: true, message: t('register.required') },
                ({ getFieldValue }) => ({
                  validator: async (_, value: string | undefined) => {
                    if (value && value !== getFieldValue(['account', 'password'])) {
                      throw new Error(t('register.passwordMismatch'));
                    }
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="reg-confirmPassword" />
            </Form.Item>
          </Col>
        </Row>
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={register.isPending}
          data-testid="reg-submit"
        >
          {t('register.submit')}
        </Button>
        <Typography.Paragraph type="secondary" className="register-foot">
          {t('register.haveAccount')} <Link to="/login">{t('auth.login')}</Link>
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}
